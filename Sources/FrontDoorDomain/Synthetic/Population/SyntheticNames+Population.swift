/// Longer name lists for synthetic populations, most common first, with made-up tails so that the
/// frequencies fall off the way UK names do: a few names are very common (Smith about 1.5%, the
/// commonest first names about 2%) and most are rare. Combinations, dates and numbers are random:
/// no real person is described.
extension SyntheticNames {
    /// About 330 surnames common in England, most common first: British, Irish, South Asian, Polish,
    /// Romanian, Turkish, Somali, West African, Chinese, Vietnamese and Portuguese.
    public static let commonSurnames: [String] = unique([
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
        "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
        "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark",
        "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker",
        "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey",
        "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson",
        "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray",
        "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes",
        "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey",
        "Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott",
        "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole",
        "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien", "Watts", "Rose", "Booth",
        "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman",
        "Barrett", "Webster", "Hunter", "Gregory", "Carr", "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods",
        "Parsons", "Berry", "Stone", "Reid", "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton",
        "Oliver", "Reed", "Kennedy", "Williamson", "Bird", "Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates",
        "Henderson", "Parry", "Burgess", "Bishop", "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long",
        "Freeman", "Warren", "Nicholls", "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson",
        "Curtis", "Hopkins", "O'Connor", "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill",
        "Griffin", "Sharp", "Hardy", "Wheeler", "Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace",
        "George", "Jordan", "Hutchinson", "Rowe", "Burke", "May", "Pritchard", "Gilbert", "Willis", "Higgins", "Read",
        "Miles", "Stevenson", "Stephenson", "Hammond", "Arnold", "Buckley", "Walters", "Hewitt", "Barber", "Nelson",
        "Slater", "Austin", "Sullivan", "Whitehead", "Mann", "Frost", "Lambert", "Stephens", "Blake", "Akhtar",
        "Lynch", "Goodwin", "Barton", "Woodward", "Thomson", "Cunningham", "Quinn", "Barnett", "Baxter", "Bibi",
        "Clayton", "Nash", "Greenwood", "Jennings", "Holt", "Kemp", "Poole", "Gallagher", "Bond", "Stokes", "Tucker",
        "Davidson", "Fowler", "Heath", "Norman", "Middleton", "Lawson", "Banks", "French", "Stanley", "Jarvis",
        "Gibbs", "Ferguson", "Hayward", "Carroll", "Farrell", "Rahman", "Islam", "Uddin", "Miah", "Mahmood", "Iqbal",
        "Hussein", "Malik", "Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski",
        "Szymanski", "Popescu", "Ionescu", "Kaya", "Yilmaz", "Demir", "Mohamed", "Abdi", "Osman", "Ibrahim", "Okafor",
        "Adeyemi", "Okoro", "Mensah", "Boateng", "Nguyen", "Chen", "Wang", "Li", "Zhang", "Kumar", "Sharma", "Mistry",
        "Chauhan", "Rana", "Sandhu", "Dhillon", "Bains", "Gupta", "Joshi", "Santos", "Pereira", "Ferreira",
        "Rodrigues", "Costa", "Doherty", "Brennan", "McLaughlin", "Nolan", "Connolly", "Moran", "Flynn", "Duffy",
        "Kavanagh", "Fitzgerald", "Sweeney", "Pugh", "Vaughan", "Rowlands", "Prosser", "Bowen", "Pryce", "Llewellyn",
        "Howells", "MacKenzie", "Fraser", "Sinclair", "Mackay", "Paterson", "Fleming", "Crawford", "Douglas",
    ])

    /// Made-up place-like surnames (Ashford, Brackenleigh…) for the long tail of rare names.
    public static let rareSurnames: [String] = {
        let heads = [
            "Ash", "Brack", "Craw", "Hol", "Pen", "Wood", "Black", "Hather", "Fair", "Bright", "Cald", "Clif", "Dun",
            "Ed", "Ing", "Kirk", "Mid", "Nor", "Red", "Shel", "Stan", "Thorn", "Wal", "Wes", "Whit", "Win", "Brom",
            "Cas", "Ock", "Ald", "Bur", "Cod", "Dray", "Elm", "Fen", "Gos", "Hen", "Lut", "Mor", "Pid",
        ]
        let tails = [
            "ford", "leigh", "ton", "well", "by", "more", "worth", "field", "ham", "wood", "land", "stone", "brook",
            "combe", "dale", "hurst", "wick", "shaw", "bury", "thorpe",
        ]
        let common = Set(commonSurnames)
        return unique(tails.flatMap { tail in heads.map { $0 + tail } }).filter { !common.contains($0) }
    }()

    /// About 200 girls' names given in England and Wales in the last 18 years, most common first.
    public static let commonGirls: [String] = unique([
        "Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Willow", "Rosie", "Sophia",
        "Isabella", "Grace", "Daisy", "Sienna", "Poppy", "Elsie", "Emily", "Ella", "Evelyn", "Phoebe", "Sofia", "Evie",
        "Charlotte", "Harper", "Millie", "Matilda", "Maya", "Sophie", "Alice", "Emilia", "Isabelle", "Ruby", "Luna",
        "Maisie", "Aria", "Penelope", "Mila", "Bonnie", "Eva", "Hallie", "Eliza", "Ada", "Violet", "Esme", "Arabella",
        "Imogen", "Jessica", "Delilah", "Thea", "Layla", "Elizabeth", "Chloe", "Robyn", "Lottie", "Harriet", "Aurora",
        "Ellie", "Mabel", "Nancy", "Erin", "Orla", "Lucy", "Maria", "Darcie", "Zara", "Annabelle", "Scarlett", "Lola",
        "Emma", "Holly", "Hannah", "Molly", "Amelie", "Ayla", "Iris", "Edith", "Gracie", "Lyla", "Bella", "Margot",
        "Clara", "Fatima", "Aisha", "Maryam", "Zainab", "Khadija", "Hafsa", "Amira", "Aaliyah", "Inaya", "Anaya",
        "Hana", "Zoe", "Eleanor", "Georgia", "Megan", "Katie", "Lacey", "Jasmine", "Leah", "Niamh", "Abigail",
        "Rebecca", "Lauren", "Amber", "Paige", "Caitlin", "Summer", "Heidi", "Skye", "Tilly", "Beatrice", "Rose",
        "Victoria", "Naomi", "Kayla", "Leila", "Savannah", "Olive", "Sadie", "Eden", "Felicity", "Francesca",
        "Georgina", "Jade", "Lexi", "Macie", "Madison", "Nicole", "Pippa", "Sara", "Sarah", "Serena", "Stella", "Tia",
        "Zofia", "Julia", "Zuzanna", "Lena", "Oliwia", "Maja", "Alicja", "Antonina", "Wiktoria", "Aleksandra",
        "Natalia", "Laura", "Nikola", "Ayesha", "Safiya", "Sumaya", "Ruqayyah", "Noor", "Yasmin", "Mariam", "Sana",
        "Alisha", "Amara", "Chidinma", "Adaeze", "Ama", "Abena", "Precious", "Blessing", "Favour", "Priya", "Anika",
        "Diya", "Simran", "Harleen", "Jasleen", "Mei", "Xin", "Ngoc", "Ana", "Beatriz", "Mariana", "Ines", "Siobhan",
        "Aoife", "Saoirse", "Ciara", "Roisin", "Bethan", "Cerys", "Ffion", "Seren", "Nia", "Eira", "Alys", "Carys",
        "Catherine", "Katherine", "Kate", "Margaret", "Lydia", "Ruth", "Esther", "Miriam", "Tabitha", "Martha",
    ])

    /// About 200 boys' names given in England and Wales in the last 18 years, most common first.
    public static let commonBoys: [String] = unique([
        "Muhammad", "Noah", "Oliver", "George", "Leo", "Arthur", "Oscar", "Theodore", "Freddie", "Archie", "Henry",
        "Theo", "Alfie", "Charlie", "Jack", "Thomas", "Jacob", "Finley", "Lucas", "William", "Isaac", "Arlo", "Tommy",
        "Teddy", "James", "Roman", "Albie", "Elijah", "Ezra", "Edward", "Max", "Hugo", "Jude", "Reggie", "Louie",
        "Harrison", "Rory", "Joshua", "Mason", "Harry", "Ronnie", "Sonny", "Alexander", "Jaxon", "Albert", "Frankie",
        "Joseph", "Ethan", "Felix", "Luca", "Ralph", "Rowan", "Dylan", "Bobby", "Harvey", "Otis", "Jenson", "Louis",
        "Elliot", "Sebastian", "Daniel", "Samuel", "Riley", "Ollie", "Jesse", "Toby", "Benjamin", "Caleb", "Chester",
        "Jasper", "Kai", "Logan", "Harley", "Ellis", "Hunter", "Jayden", "Jamie", "Jackson", "Luke", "Charles",
        "Michael", "Finn", "Aiden", "Zachary", "Bodhi", "Ryan", "Callum", "Adam", "Nathan", "Oakley", "Austin", "Blake",
        "Cody", "Connor", "Kian", "Kyle", "Lewis", "Liam", "Matthew", "Owen", "Reuben", "Rhys", "Tyler", "Zayn",
        "Yusuf", "Ibrahim", "Hamza", "Ali", "Omar", "Ayaan", "Zain", "Ismail", "Musa", "Abdullah", "Hassan", "Haris",
        "Rayyan", "Idris", "Mohammed", "Mohammad", "Ahmed", "Aarav", "Arjun", "Vihaan", "Krish", "Dev", "Rohan",
        "Harjot", "Gurveer", "Jakub", "Szymon", "Filip", "Kacper", "Antoni", "Jan", "Aleksander", "Franciszek",
        "Mikolaj", "Wojciech", "Stanislaw", "David", "Andrei", "Matei", "Kofi", "Kwame", "Chidi", "Tobenna", "Emeka",
        "Tiago", "Rafael", "Gabriel", "Santiago", "Mateo", "Ciaran", "Conor", "Cian", "Oisin", "Sean", "Darragh",
        "Padraig", "Dafydd", "Osian", "Gethin", "Iolo", "Macsen", "Tomos", "Ewan", "Fraser", "Hamish", "Lachlan",
        "Angus", "Alfred", "Frederick", "Stanley", "Harold", "Ernest", "Kieran", "Marcus", "Elias", "Nico", "Leon",
        "Tristan", "Jonah", "Micah", "Levi", "Ezekiel", "John", "Christopher", "Robert", "Richard", "Stephen", "Peter",
    ])

    /// Made-up first names for the tail.
    public static let rareGirls: [String] = made(
        ["Ka", "La", "Ma", "Ta", "Ja", "Ra", "Na", "Za", "Sa", "Da", "Ari", "Eli", "Bre", "Lu", "Mi", "Ro", "Ke", "Shi", "Ami", "Te"],
        ["na", "ra", "ya", "lie", "lyn", "nia", "bel", "dra", "sha", "elle", "ria", "rah", "tte", "dy", "nya"],
        excluding: commonGirls + commonBoys)

    public static let rareBoys: [String] = made(
        ["Ka", "La", "Ma", "Ta", "Ja", "Ra", "Da", "Bo", "Co", "Kai", "Ori", "Ty", "Bra", "Jo", "Ro", "De", "Ke", "Zy", "Ar", "Ca"],
        ["den", "lan", "ron", "son", "vin", "ton", "rick", "ver", "iel", "ius", "dan", "mir", "lo", "quan", "rell"],
        excluding: commonGirls + commonBoys)

    /// Made-up street names.
    public static let streetNames: [String] = {
        let first = [
            "Willow", "Station", "Church", "Mill", "Victoria", "Albert", "Queens", "Kings", "Park", "Manor", "Orchard",
            "School", "Meadow", "Windmill", "Oak", "Ash", "Beech", "Elm", "Cedar", "Chestnut", "Hawthorn", "Rowan",
            "Holly", "Ivy", "Laurel", "Maple", "Poplar", "Sycamore", "Brook", "River", "Bridge", "Castle", "Abbey",
            "Priory", "Chapel", "Market", "Green", "Hill", "Forge", "Granary",
        ]
        let second = [
            "Road", "Street", "Lane", "Close", "Avenue", "Drive", "Way", "Crescent", "Gardens", "Grove", "Place", "Court",
            "View", "Walk", "Rise",
        ]
        return second.flatMap { s in first.map { "\($0) \(s)" } }
    }()

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    private static func made(_ heads: [String], _ tails: [String], excluding: [String]) -> [String] {
        let taken = Set(excluding.map(NameText.fold))
        var seen = Set<String>()
        var result: [String] = []
        for tail in tails {
            for head in heads {
                let name = head + tail
                let folded = NameText.fold(name)
                if !taken.contains(folded), seen.insert(folded).inserted { result.append(name) }
            }
        }
        return result
    }
}
