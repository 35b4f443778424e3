/// Given names that stand for one another: nicknames and short forms (Katie for Catherine, Bill for
/// William, Alfie for Alfred), spellings across languages and transliterations (Mohammed, Muhammad,
/// Mohamed; Jakub for Jacob; Niamh and Neve) common among children and families in the UK.
///
/// A name may belong to more than one group: "Meg" is short for Margaret and for Megan, "Alex" for
/// Alexander and Alexandra, without Margaret becoming a variant of Megan. Two names are variants when
/// they share a group. Names of no group stand for themselves.
public enum NameVariants {
    /// The groups, each named by its first (the fullest) form. Lower case ASCII letters only, as
    /// `NameText.fold` gives them.
    public static let groups: [[String]] = [
        // Girls' names
        ["catherine", "katherine", "kathryn", "katharine", "kathrine", "cathryn", "catharine", "kate", "katie", "katy", "katey", "kath", "cath", "cathy", "kathy", "kat", "kitty", "kasia", "katarzyna"],
        ["caitlin", "kaitlyn", "katelyn", "caitlyn", "kaitlin", "katelin"],
        ["elizabeth", "elisabeth", "eliza", "liz", "lizzie", "lizzy", "liza", "beth", "betty", "bess", "bessie", "betsy", "libby", "elsie", "lisbeth", "elżbieta", "elzbieta", "ella"],
        ["margaret", "maggie", "meg", "peggy", "marge", "margot", "margo", "greta", "maisie", "maisy", "mags", "małgorzata", "malgorzata"],
        ["megan", "meghan", "meg", "megs"],
        ["rebecca", "rebekah", "becky", "becca", "bex", "beckie"],
        ["victoria", "vicky", "vicki", "vikki", "tori", "tory"],
        ["jessica", "jess", "jessie", "jessy"],
        ["alexandra", "alex", "alexa", "lexi", "lexie", "lexy", "sandra", "sasha", "alexia", "ola", "aleksandra"],
        ["samantha", "sam", "sammy", "sammie"],
        ["charlotte", "charlie", "lottie", "lotte", "lotty", "charley"],
        ["abigail", "abi", "abbie", "abby", "abbey", "gail"],
        ["amelia", "emilia", "millie", "milly", "amelie"],
        ["emily", "em", "emmie", "millie", "milly", "emmy"],
        ["isabella", "isabelle", "isobel", "isabel", "izzy", "izzie", "bella", "belle", "issy", "izabela", "isobella"],
        ["annabelle", "annabel", "anabel", "anabelle", "annabella", "bella"],
        ["olivia", "liv", "livvy", "livvie", "livia", "ollie"],
        ["sophia", "sophie", "sofia", "sophy", "soph", "zofia"],
        ["eleanor", "elinor", "elenor", "eleanore", "ellie", "elly", "nell", "nellie", "nora", "norah", "leonora", "ella"],
        ["helen", "helena", "ellen", "nell", "nellie", "lena", "elena"],
        ["jennifer", "jenny", "jen", "jenni", "jenna"],
        ["jacqueline", "jackie", "jacky", "jacqui", "jacquie"],
        ["christine", "christina", "kirsty", "kirstie", "kristina", "krystyna", "tina", "chris", "chrissie", "kirsten", "kristen", "christie", "kristy"],
        ["patricia", "pat", "patsy", "tricia", "trish", "patty", "trisha"],
        ["susan", "sue", "susie", "suzanne", "suzie", "susanna", "susannah", "suzy", "suzannah"],
        ["deborah", "debra", "debbie", "deb", "debby"],
        ["pamela", "pam", "pammy"],
        ["barbara", "barbra", "babs", "barb"],
        ["dorothy", "dot", "dotty", "dolly", "dora", "dottie"],
        ["frances", "fran", "frankie", "francesca", "franny", "francine"],
        ["josephine", "jo", "josie", "jojo", "josey", "joséphine"],
        ["joanne", "joanna", "jo", "joan", "joann", "joane", "jojo", "joanie"],
        ["georgina", "georgia", "georgie", "gina"],
        ["harriet", "hattie", "harri", "hatty", "harriett"],
        ["florence", "flo", "florrie", "flossie", "flora"],
        ["matilda", "tilly", "tillie", "mattie", "tilda", "maud", "maude"],
        ["penelope", "penny", "pen", "penni"],
        ["eve", "eva", "evie", "evelyn", "eveline", "evelina", "evangeline", "evey"],
        ["gabrielle", "gabriella", "gabby", "gabi", "gabbie", "gabriela"],
        ["natalie", "natalia", "nat", "natasha", "tasha", "talia", "nathalie"],
        ["nicola", "nicole", "nicky", "nikki", "nicki", "nichola", "nicolette"],
        ["stephanie", "steph", "stevie", "steff", "stefanie"],
        ["danielle", "daniella", "dani", "danni", "dannii"],
        ["michelle", "shell", "shelley", "michele", "chelle"],
        ["louise", "louisa", "lou", "lulu", "louie", "lou-lou", "luiza"],
        ["lucy", "lucie", "lucia", "lu", "luce", "lucinda"],
        ["grace", "gracie", "gracey", "grazyna"],
        ["rose", "rosie", "rosa", "rosy", "rosemary", "rosalind", "rosalie"],
        ["mary", "molly", "mollie", "polly", "marie", "maria", "mae", "may", "mari", "marysia"],
        ["anne", "ann", "anna", "annie", "anya", "anja", "ania", "anka"],
        ["hannah", "hanna", "han", "hana", "hanah"],
        ["sarah", "sara", "sally", "sadie", "sarrah"],
        ["lillian", "lilian", "lily", "lilly", "lili", "lil", "lilia", "lilie"],
        ["amanda", "mandy", "manda"],
        ["jane", "janet", "jan", "janey", "janie", "jayne"],
        ["julia", "julie", "jules", "juliet", "juliette", "julianne", "julianna", "julka"],
        ["teresa", "theresa", "tess", "tessa", "terri", "tessie", "tracy", "tracey"],
        ["zoe", "zoey", "zoie", "zoya"],
        ["leah", "lea", "lia", "leia"],
        ["aisha", "ayesha", "aishah", "ayisha", "aysha", "aicha"],
        ["fatima", "fatimah", "fatma", "fatema", "fatuma"],
        ["maryam", "mariam", "miriam", "mariyam", "maryum", "meryem", "mariama"],
        ["khadija", "khadijah", "khadeeja", "kadija", "khadeejah", "hatice"],
        ["zainab", "zaynab", "zaineb", "zeynep"],
        ["amira", "ameera", "amirah", "amyra"],
        ["noor", "nur", "nour", "noora", "nura"],
        ["yasmin", "yasmine", "jasmine", "jasmin", "yasmeen", "jazmin", "jaz", "jazz", "yasmina", "jazmine"],
        ["layla", "leila", "laila", "lailah", "leyla", "laylah", "lyla"],
        ["aaliyah", "aliyah", "aaliya", "aliya", "alia", "aleeyah"],
        ["agnieszka", "aga", "agnes", "agness", "nessa"],
        ["anastasia", "stacey", "stacy", "stasia", "anastazja", "tasia"],
        ["madeleine", "madeline", "madelyn", "madalyn", "maddie", "maddy"],
        ["madison", "maddison", "maddie", "maddy", "madisyn"],
        ["scarlett", "scarlet", "scarlette"],
        ["freya", "freja", "freyja", "freyah"],
        ["niamh", "neve", "neave", "neeve", "nieve", "niev"],
        ["siobhan", "shivaun", "chevonne", "shevaun", "shivon"],
        ["sinead", "shinead", "shannade"],
        ["aoife", "eefa", "ifa", "eva"],
        ["saoirse", "seersha", "sairsha"],
        ["gemma", "jemma", "gema"],
        ["kayleigh", "kayley", "kaylee", "kayla", "kailey", "kaleigh", "caleigh"],
        ["hayley", "haley", "hailey", "haylee", "hailee", "haleigh"],
        ["leanne", "leeann", "lianne", "leann", "leeanne"],
        ["edith", "edie", "eadie", "edyta"],
        ["imogen", "immy", "imi", "imogene", "imogin"],
        ["phoebe", "phebe", "pheobe", "phoebie"],
        ["sienna", "siena", "sianna"],
        ["chloe", "cloe", "khloe", "chloé", "kloe"],
        ["erin", "eryn", "errin"],
        ["holly", "hollie", "holli"],
        ["claire", "clare", "clair"],
        ["clara", "klara", "clarrie"],
        ["kimberley", "kimberly", "kim", "kimmy"],
        ["rachel", "rachael", "rachelle", "rae", "raquel"],
        ["laura", "lora", "laurie", "lori"],
        ["nadia", "nadiya", "nadja", "nadya"],
        ["amina", "aminah", "ameena", "aminata"],
        ["hafsa", "hafsah", "hafza"],
        ["safiya", "safia", "safiyyah", "safiyah", "sofiya"],
        ["ruqayyah", "ruqaya", "ruqayah", "rukaya", "ruqayya"],
        ["sumaya", "sumayyah", "sumayah", "sumaiya", "sumaiyah"],
        ["inaya", "inaaya", "inayah", "enaya"],
        ["wiktoria", "wiktorja", "victoria"],
        // Boys' names
        ["muhammad", "mohammed", "mohammad", "mohamed", "muhammed", "mohamad", "mahomed", "mahammad", "mohd", "mo", "muhamed", "mohammod", "mehmet", "muhamad", "mohamud", "mohamoud"],
        ["john", "jack", "johnny", "johnnie", "jackie", "jock", "johan", "johannes", "jan", "janek", "ivan", "juan", "giovanni"],
        ["jonathan", "jon", "jonny", "johnathan", "jonathon", "jonty"],
        ["william", "will", "bill", "billy", "willie", "willy", "liam", "wills", "wiliam", "wilhelm"],
        ["henry", "harry", "hal", "hank", "henryk", "harri", "enrique", "henri"],
        ["harold", "harry", "hal", "harri"],
        ["harrison", "harry", "harri"],
        ["alfred", "alfie", "alf", "alfy", "fred", "freddie", "freddy", "alfredo"],
        ["frederick", "frederic", "fred", "freddie", "freddy", "freddi", "fredrick", "fryderyk", "federico"],
        ["thomas", "tom", "tommy", "tommie", "thom", "tomasz", "tomas", "tomos", "tomek"],
        ["james", "jim", "jimmy", "jamie", "jimmie", "jameson", "seamus", "shamus", "hamish", "jacques"],
        ["robert", "rob", "robbie", "bob", "bobby", "bert", "bertie", "robby", "rab", "roberto"],
        ["richard", "rich", "richie", "rick", "ricky", "dick", "ritchie", "rikki", "ricardo", "ryszard"],
        ["michael", "mike", "mikey", "mick", "mickey", "micky", "michal", "mikael", "mikhail", "michele", "mikolaj", "mitch"],
        ["edward", "ed", "eddie", "eddy", "ted", "teddy", "ned", "neddy", "edvard", "eduardo"],
        ["theodore", "theo", "ted", "teddy", "teodor", "teddie"],
        ["charles", "charlie", "chas", "chuck", "chaz", "charley", "carl", "karol", "carlos", "karl"],
        ["daniel", "dan", "danny", "dani", "daniil", "danyal", "daniyal"],
        ["samuel", "sam", "sammy", "sammie", "samuele"],
        ["joseph", "joe", "joey", "jo", "josef", "józef", "jozef", "giuseppe", "jose", "joss"],
        ["yusuf", "yousuf", "yousef", "youssef", "yosef", "yusef", "yousif", "yusif"],
        ["benjamin", "ben", "benji", "benny", "benjy", "benjamín"],
        ["benedict", "ben", "benny", "bennett", "benedykt"],
        ["alexander", "alex", "alec", "alexandre", "alistair", "alasdair", "alastair", "sandy", "xander", "lex", "aleksander", "alexandros", "olek", "sasha"],
        ["christopher", "chris", "kit", "topher", "christoffer", "krzysztof", "kristopher", "cristopher", "christoph"],
        ["matthew", "matt", "matty", "mathew", "matthias", "mateusz", "mattie", "matteo", "mathias"],
        ["nicholas", "nick", "nicky", "nico", "nicolas", "nikolas", "nikola", "mikolaj", "nicolai", "nikolai"],
        ["anthony", "antony", "tony", "ant", "antonio", "antoni", "anton"],
        ["andrew", "andy", "drew", "andre", "andrzej", "andreas", "andrei"],
        ["peter", "pete", "piotr", "pietro", "pedro", "petr", "pieter"],
        ["stephen", "steven", "steve", "stevie", "stefan", "steph", "stephan", "esteban", "szczepan"],
        ["david", "dave", "davey", "davie", "dai", "dawid", "dafydd", "davide", "dewi"],
        ["jacob", "jake", "jakob", "jakub", "yakub", "yaqub", "jacobi", "kuba"],
        ["joshua", "josh", "joshie", "josue"],
        ["oliver", "ollie", "olly", "oli", "olli", "olivier", "oliwer"],
        ["george", "georgie", "geordie", "jorge", "jerzy", "georg", "giorgio"],
        ["arthur", "art", "artie", "arty", "artur", "arturo"],
        ["archibald", "archie", "archy", "arch"],
        ["louis", "lewis", "lou", "louie", "luis", "ludwik", "luigi", "lewie"],
        ["luke", "lucas", "luca", "lukas", "luka", "lukasz", "luc", "lukaz"],
        ["nathan", "nate", "nathaniel", "nat", "nathanael"],
        ["zachary", "zach", "zack", "zak", "zac", "zachariah", "zakaria", "zakariya", "zakariyya", "zackary"],
        ["timothy", "tim", "timmy", "tymoteusz", "timo"],
        ["gregory", "greg", "gregor", "grzegorz", "gregg"],
        ["patrick", "pat", "paddy", "patsy", "padraig", "patryk", "patricio"],
        ["kenneth", "ken", "kenny", "kennie"],
        ["ronald", "ron", "ronnie", "ronny"],
        ["donald", "don", "donnie", "donny"],
        ["raymond", "ray", "raymund", "rajmund"],
        ["leonard", "len", "lenny", "leo", "leonardo", "lennie", "lennard"],
        ["leo", "leon", "leonardo", "leonidas", "leoš"],
        ["maximilian", "max", "maxwell", "maxim", "maximus", "maksymilian", "maks", "maxi", "maximillian"],
        ["sebastian", "seb", "bastian", "sebby", "sebastien", "sebastiano"],
        ["dominic", "dom", "dominik", "dominick", "domenico", "dominique"],
        ["jeremy", "jerry", "jez", "jem", "jeremiah", "jeremias"],
        ["gerald", "gerry", "jerry", "ged", "gerard", "gerrard"],
        ["terence", "terry", "terrance", "terrence", "tel"],
        ["lawrence", "laurence", "larry", "laurie", "lorenzo", "laurent", "wawrzyniec"],
        ["francis", "frank", "frankie", "franco", "francesco", "franciszek", "francisco", "franz", "frantisek"],
        ["vincent", "vince", "vinny", "vinnie", "vincenzo", "wincenty"],
        ["albert", "albie", "bert", "bertie", "al", "alberto", "albi"],
        ["reginald", "reggie", "reg", "reggy"],
        ["stanley", "stan", "stanislaw", "stanislav", "stas"],
        ["walter", "walt", "wally", "walther"],
        ["ernest", "ernie", "ernesto", "ernst"],
        ["cameron", "cam", "kameron", "camron"],
        ["callum", "calum", "cal", "kallum", "kalum", "colm", "callam"],
        ["connor", "conor", "conner", "konnor", "konner", "connah"],
        ["riley", "reilly", "ryley", "rylee", "rylie", "reiley"],
        ["jayden", "jaden", "jaiden", "jaydon", "jaydn", "jaydan", "jaedon"],
        ["aiden", "aidan", "ayden", "aden", "aydan", "aidhan"],
        ["hamza", "hamzah", "hamsa"],
        ["ibrahim", "ebrahim", "abraham", "ibraheem", "ibrahima", "abe"],
        ["ismail", "ismael", "ishmael", "esmail", "ismaeel", "ismaïl"],
        ["ali", "aly", "alí"],
        ["omar", "umar", "omer", "omär"],
        ["ahmed", "ahmad", "ahmet", "ahmod", "ahmadu"],
        ["hussain", "hussein", "husain", "hossain", "husein", "hussien", "hossein"],
        ["hassan", "hasan", "hassaan", "hasaan"],
        ["abdullah", "abdulla", "abdallah", "abdalla", "abdul"],
        ["paul", "paulie", "pawel", "pavel", "paulo", "pablo", "paolo", "pál"],
        ["simon", "szymon", "simeon", "si", "shimon"],
        ["casper", "kacper", "jasper", "caspar", "kasper", "gaspar"],
        ["philip", "phillip", "phil", "filip", "pip", "philippe", "felipe", "flip"],
        ["kieran", "ciaran", "kieron", "keiran", "ciaron", "kyran", "kieren"],
        ["owen", "eoin", "ewan", "euan", "ewen", "owain", "eoghan"],
        ["niall", "neil", "neal", "nial", "neill", "nils"],
        ["sean", "shaun", "shawn", "shane", "seán", "shaughn"],
        ["rhys", "reece", "reese", "rees", "reice", "rhyse"],
        ["dylan", "dillon", "dilan", "dyllan"],
        ["ian", "iain", "ean", "eoin"],
        ["alan", "allan", "allen", "al", "alun", "alain"],
        ["brian", "bryan", "brien", "bryon"],
        ["darren", "daz", "darran", "darin"],
        ["mark", "marc", "marco", "marcus", "markus", "marek", "marcos"],
        ["elijah", "eli", "elias", "ilyas", "ilias", "eliasz", "ilia", "elia"],
        ["isaac", "isaak", "ike", "ishaq", "izaak", "izak", "isaak"],
        ["noah", "nuh", "noa"],
        ["jonah", "yunus", "younis", "yunis", "jonas", "yonah"],
        ["tobias", "toby", "tobi", "tobiasz"],
        ["oscar", "oskar", "ossie", "ozzy", "ozzie"],
        ["hugo", "hugh", "hughie", "hugues"],
        ["ethan", "eitan", "ethen"],
        ["elliot", "elliott", "eliot", "eliott"],
        ["finley", "finlay", "finn", "fin", "findlay", "finnley"],
        ["harvey", "harvie", "hervé"],
        ["bradley", "brad", "bradlee"],
        ["jordan", "jordon", "jordyn", "jourdan"],
        ["reuben", "ruben", "rueben", "rubin"],
        ["caleb", "kaleb", "kaleab"],
        ["jenson", "jensen", "jensan"],
        ["gabriel", "gabe", "gabby", "gabriele", "gavriel"],
        ["raphael", "rafael", "rafe", "raff", "rafal", "raffaele"],
        ["adrian", "adrien", "adriano"],
        ["martin", "marty", "marcin", "martyn", "martino"],
        ["mateo", "matteo", "mattia"],
        ["edmund", "edmond", "ed", "eddie", "ned", "teddy"],
        ["tyler", "ty", "tyla"],
        ["junior", "jnr"],
    ]

    private static let index: [String: Set<String>] = {
        var byName: [String: Set<String>] = [:]
        for group in groups {
            let id = NameText.fold(group[0])
            for name in group {
                byName[NameText.fold(name), default: []].insert(id)
            }
        }
        return byName
    }()

    /// The groups a given name belongs to, by the group's full form ("Katie" → ["catherine"];
    /// "Meg" → ["margaret", "megan"]). A name of no group gives itself, folded. For a name of several
    /// parts ("Mary-Jane") the groups of each part are included too.
    public static func canonical(_ given: String) -> Set<String> {
        let result = groups(of: given)
        if result.isEmpty {
            let whole = NameText.fold(given)
            return whole.isEmpty ? [] : [whole]
        }
        return result
    }

    /// The groups a given name belongs to (empty for a name of no group).
    public static func groups(of given: String) -> Set<String> {
        let whole = NameText.fold(given)
        guard !whole.isEmpty else { return [] }
        var result = index[whole] ?? []
        let parts = NameText.parts(given)
        if parts.count > 1 {
            for part in parts { result.formUnion(index[part] ?? []) }
        }
        return result
    }

    /// True when the names are the same or variants of one another.
    public static func areVariants(_ a: String, _ b: String) -> Bool {
        !canonical(a).isDisjoint(with: canonical(b))
    }

    /// Every name in any group with `given` (for making synthetic nicknames), itself excluded.
    public static func alternatives(to given: String) -> [String] {
        let ids = canonical(given)
        let folded = NameText.fold(given)
        var seen = Set<String>()
        var result: [String] = []
        for group in groups where ids.contains(NameText.fold(group[0])) {
            for name in group where NameText.fold(name) != folded && seen.insert(NameText.fold(name)).inserted {
                result.append(name)
            }
        }
        return result
    }
}
