/// Common UK given names and surnames, to make synthetic people. Combinations are random: no
/// real person is described.
public enum SyntheticNames {
    public static let girls = [
        "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Willow",
        "Freya", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Evelyn", "Sienna", "Daisy",
        "Phoebe", "Sofia", "Alice", "Harper", "Matilda", "Ruby", "Emilia", "Maya", "Millie", "Isabelle", "Aisha",
        "Zara", "Hannah", "Jessica", "Chloe", "Katie", "Amira", "Maryam", "Layla", "Erin", "Holly", "Megan",
    ]
    public static let boys = [
        "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie", "Henry", "Theodore",
        "Freddie", "Jack", "Charlie", "Theo", "Alfie", "Jacob", "Thomas", "Finley", "Arlo", "William", "Lucas",
        "Roman", "Tommy", "Isaac", "Teddy", "Alexander", "Luca", "Edward", "James", "Joshua", "Albie", "Elijah",
        "Max", "Mohammed", "Reggie", "Hugo", "Ethan", "Daniel", "Samuel", "Harrison", "Jayden", "Riley", "Callum",
    ]
    public static let adultsFemale = [
        "Sarah", "Emma", "Laura", "Rebecca", "Gemma", "Claire", "Nicola", "Kelly", "Lisa", "Michelle", "Joanne",
        "Rachel", "Amy", "Stacey", "Danielle", "Natalie", "Samantha", "Jade", "Leanne", "Hayley", "Fatima", "Agnieszka",
    ]
    public static let adultsMale = [
        "David", "Paul", "Mark", "Andrew", "Richard", "Daniel", "Christopher", "Stephen", "Michael", "Lee",
        "Craig", "Darren", "Jason", "Matthew", "Jamie", "Wayne", "Gareth", "Imran", "Tomasz", "Kieran", "Scott",
    ]
    public static let surnames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel",
        "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander",
        "Morden", "Hughes", "Edwards", "Turner", "Moore", "Hill", "Cooper", "Ward", "Morris", "King", "Watson",
        "Harris", "Baker", "Young", "Allen", "Scott", "Carter", "Price", "Bennett", "Griffiths", "Kelly", "Parker",
        "Ahmed", "Ali", "Hussain", "Begum", "Nowak", "Kowalski", "Murphy", "O'Brien", "Shaw", "Lloyd", "Fletcher",
    ]
    public static let streets = [
        "Station Road", "Church Lane", "High Street", "Victoria Road", "Manor Close", "Park Avenue", "Mill Lane",
        "The Crescent", "Orchard Way", "School Lane", "Queens Road", "Kingsway", "Meadow View", "Windmill Hill",
    ]
}
