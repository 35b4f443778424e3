import FrontDoorDomain
import Testing

@Suite("Name variants: nicknames and other forms")
struct NameVariantsTests {
    @Test("the issue's examples are variants, both ways round", arguments: [
        ("Katie", "Catherine"), ("Kate", "Katherine"), ("Kathryn", "Katie"), ("Mohammed", "Muhammad"),
        ("Mohamed", "Mohammad"), ("Liz", "Elizabeth"), ("Beth", "Elizabeth"), ("Alfie", "Alfred"), ("Harry", "Henry"),
        ("Jack", "John"), ("Bill", "William"), ("Liam", "William"), ("Niamh", "Neve"), ("Jakub", "Jacob"),
        ("Aisha", "Ayesha"), ("Teddy", "Edward"), ("Teddy", "Theodore"), ("Ollie", "Oliver"), ("Sasha", "Alexander"),
    ])
    func variants(_ pair: (String, String)) {
        #expect(NameVariants.areVariants(pair.0, pair.1))
        #expect(NameVariants.areVariants(pair.1, pair.0))
        #expect(!NameVariants.canonical(pair.0).isDisjoint(with: NameVariants.canonical(pair.1)))
    }

    @Test("names that only share a nickname are not variants of each other", arguments: [
        ("Margaret", "Megan"), ("Edward", "Theodore"), ("Olivia", "Oliver"), ("Henry", "Harold"), ("John", "Jonathan"),
        ("Catherine", "Caitlin"), ("Amelia", "Emily"), ("Joseph", "Josephine"), ("Laura", "Lauren"),
    ])
    func notVariants(_ pair: (String, String)) {
        #expect(!NameVariants.areVariants(pair.0, pair.1))
    }

    @Test("canonical forms: groups by their full name, a name of no group stands for itself")
    func canonical() {
        #expect(NameVariants.canonical("Katie") == ["catherine"])
        #expect(NameVariants.canonical("Meg") == ["margaret", "megan"])
        #expect(NameVariants.canonical("Zebedee") == ["zebedee"])
        #expect(NameVariants.canonical("KATIE") == NameVariants.canonical("katie"))
        #expect(NameVariants.canonical("") == [])
        #expect(NameVariants.groups(of: "Zebedee").isEmpty)
    }

    @Test("the table has over 100 groups, each of at least two distinct names")
    func table() {
        #expect(NameVariants.groups.count >= 100)
        for group in NameVariants.groups {
            #expect(Set(group.map(NameText.fold)).count >= 2, "\(group)")
        }
        #expect(NameVariants.alternatives(to: "Katie").contains("catherine"))
        #expect(!NameVariants.alternatives(to: "Katie").contains("katie"))
    }
}
