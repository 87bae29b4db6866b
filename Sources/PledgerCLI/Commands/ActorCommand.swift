import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct ActorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "actor",
            abstract: "Add and list the actors who promise or are promised to.",
            subcommands: [Add.self, List.self])
    }
}

extension PledgerCommand.ActorCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an actor.")

        @OptionGroup var ledger: WriterOptions
        @OptionGroup var output: FormatOptions

        @Argument(
            help: ArgumentHelp("The actor's id: lower-case letters, digits and hyphens, such as xi-jinping.", valueName: "slug"),
            transform: Parse.slug)
        var slug: ActorSlug

        @Option(help: "The name shown in reports.") var name: String
        @Option(help: "What kind of actor this is.") var kind: ActorKind
        @Option(help: ArgumentHelp("The actor this one belongs to, such as prc.", valueName: "slug"), transform: Parse.slug)
        var parent: ActorSlug?

        func run() throws {
            let actor = try ledger.openStore().addActor(slug: slug, name: name, kind: kind, parent: parent)
            switch output.format {
            case .json: try Output.printJSON(actor)
            case .text: Output.print("Added actor \(actor.slug): \(actor.name) (\(actor.kind.rawValue))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the actors.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let actors = try ledger.openStore().actors()
            switch output.format {
            case .json:
                try Output.printJSON(actors)
            case .text:
                var table = TextTable("SLUG", "KIND", "PARENT", "NAME")
                for actor in actors {
                    table.append(actor.slug.rawValue, actor.kind.rawValue, actor.parent?.rawValue ?? "—", actor.name)
                }
                Output.print(actors.isEmpty ? "No actors yet; add one with `pledger actor add SLUG --name NAME --kind KIND`." : table.render())
            }
        }
    }
}
