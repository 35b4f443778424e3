import Foundation
import FrontDoorDomain
import Testing

@Suite("Which team's work an item is")
struct TeamWorkTests {
    static let las = [uuid("0000000a", 1), uuid("0000000a", 2)]
    static let users = (1...5).map { uuid("0000000b", $0) }

    /// A random hub: up to five teams over two authorities, each user in at most one team of an
    /// authority (or in none), as the database allows.
    static func directory(_ random: inout SeededRandom) -> TeamDirectory {
        let teams = (0..<Int.random(in: 0...5, using: &random)).map { n in
            Team(id: uuid("0000000c", n), la: random.pick(las), kind: random.pick(TeamKind.allCases))
        }
        var members: [(user: UUID, team: UUID)] = []
        for user in users {
            for la in las {
                let here = teams.filter { $0.la == la }
                if !here.isEmpty, random.chance(0.7) { members.append((user, random.pick(here).id)) }
            }
        }
        return TeamDirectory(teams: teams, members: members)
    }

    static func items(_ random: inout SeededRandom) -> [WorkItem] {
        (0..<20).map { _ in
            WorkItem(kind: random.pick(WorkKind.allCases), la: random.pick(las), worker: random.chance(0.3) ? nil : random.pick(users))
        }
    }

    @Test("a team's scope holds exactly the items the rule gives the team (500 random hubs)")
    func scopeAgreesWithRule() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<500 {
            let directory = Self.directory(&random)
            for item in Self.items(&random) {
                let owners = TeamWork.teams(of: item, in: directory)
                for team in directory.teams.keys {
                    let scope = TeamWork.scope(of: team, for: item.kind, in: directory)
                    #expect(scope?.contains(item) == owners.contains(team), "\(item) team \(team)")
                }
            }
        }
    }

    @Test("allocated work is its worker's team's, in the item's authority only; unallocated work waits for the authority's intake teams")
    func ownership() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<500 {
            let directory = Self.directory(&random)
            for item in Self.items(&random) {
                let owners = TeamWork.teams(of: item, in: directory)
                // Never a team of another authority.
                #expect(owners.allSatisfy { directory.teams[$0]?.la == item.la })
                if let worker = item.worker {
                    #expect(owners.count <= 1)
                    #expect(owners.first == directory.team(of: worker, in: item.la))
                } else {
                    let intake = directory.teams.values.filter { $0.la == item.la && $0.kind.intake == item.kind }.map(\.id)
                    #expect(owners == Set(intake))
                }
            }
        }
    }

    @Test("my work is always within my team's work, and a team without members holds only its intake")
    func mineWithinTeam() {
        var random = SeededRandom(seed: 13)
        for _ in 0..<500 {
            let directory = Self.directory(&random)
            for item in Self.items(&random) {
                guard let worker = item.worker else { continue }
                if let team = directory.team(of: worker, in: item.la) {
                    #expect(TeamWork.scope(of: team, for: item.kind, in: directory)?.contains(item) == true)
                }
            }
            for (id, _) in directory.teams where directory.members(of: id).isEmpty {
                for item in Self.items(&random) where item.worker != nil {
                    #expect(TeamWork.scope(of: id, for: item.kind, in: directory)?.contains(item) == false)
                }
            }
        }
    }

    @Test("a person in two teams of one authority counts in the first only; one team per authority is allowed")
    func oneTeamPerAuthority() {
        let (hants, wight) = (Self.las[0], Self.las[1])
        let crt = Team(id: uuid("0000000c", 1), la: hants, kind: .frontDoor)
        let mash = Team(id: uuid("0000000c", 2), la: hants, kind: .mash)
        let island = Team(id: uuid("0000000c", 3), la: wight, kind: .frontDoor)
        let tessa = Self.users[0]
        let directory = TeamDirectory(teams: [crt, mash, island], members: [(tessa, crt.id), (tessa, mash.id), (tessa, island.id)])
        #expect(directory.team(of: tessa, in: hants) == crt.id)
        #expect(directory.team(of: tessa, in: wight) == island.id)
        #expect(directory.members(of: mash.id).isEmpty)
        // An unallocated referral of Hampshire waits for its MASH; an unallocated contact for its front door.
        #expect(TeamWork.teams(of: WorkItem(kind: .referral, la: hants, worker: nil), in: directory) == [mash.id])
        #expect(TeamWork.teams(of: WorkItem(kind: .contact, la: hants, worker: nil), in: directory) == [crt.id])
        // Tessa's island contact is the island team's, not the Hampshire team's.
        #expect(TeamWork.teams(of: WorkItem(kind: .contact, la: wight, worker: tessa), in: directory) == [island.id])
        #expect(TeamKind.assessment.intake == nil && TeamKind.earlyHelp.intake == nil)
    }
}
