import GRDB

extension LedgerStore {
    /// Adds an actor. Refuses a slug that is already taken, a blank name, and an unknown parent.
    public func addActor(slug: ActorSlug, name: String, kind: ActorKind, parent: ActorSlug? = nil) throws -> Actor {
        let name = try Self.requireText(name, option: "--name")
        return try write { db in try addActor(slug: slug, name: name, kind: kind, parent: parent, in: db) }
    }

    /// Adds an actor inside the caller's transaction; `name` must already be trimmed and non-empty.
    func addActor(slug: ActorSlug, name: String, kind: ActorKind, parent: ActorSlug?, in db: Database) throws -> Actor {
        if try Self.actorExists(slug, in: db) {
            throw PledgerError.conflict("actor '\(slug)' already exists; choose another slug or use the existing actor")
        }
        if let parent {
            guard parent != slug else {
                throw PledgerError.invalidInput("actor '\(slug)' cannot be its own parent; name the group it belongs to, or leave --parent out")
            }
            try Self.requireActor(parent, in: db, role: "parent")
        }
        try append(.actorAdded(ActorAdded(actor: slug, name: name, kind: kind, parent: parent)), in: db)
        return try Self.fetchActor(slug, in: db)
    }

    /// All actors, by slug.
    public func actors() throws -> [Actor] {
        try read { db in
            try ActorSlug.fetchAll(db, sql: "SELECT slug FROM actor ORDER BY slug").map { try Self.fetchActor($0, in: db) }
        }
    }

    /// One actor.
    public func actor(_ slug: ActorSlug) throws -> Actor {
        try read { db in try Self.fetchActor(slug, in: db) }
    }

    static func actorExists(_ slug: ActorSlug, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM actor WHERE slug = ?)", arguments: [slug]) ?? false
    }

    static func requireActor(_ slug: ActorSlug, in db: Database, role: String) throws {
        guard try actorExists(slug, in: db) else {
            if let near = try actorSlug(near: slug, in: db) {
                // Most likely a typo: adding it would split one actor's scorecard in two.
                throw PledgerError.notFound(
                    "\(role) '\(slug)' is not a known actor; did you mean '\(near)'? (`pledger actor list` shows them all)")
            }
            throw PledgerError.notFound(
                "\(role) '\(slug)' is not a known actor; check `pledger actor list`, or add it first with `pledger actor add \(slug) --name NAME --kind KIND`")
        }
    }

    /// The known slug most like `slug`, when it is within two edits of it (a letter dropped, doubled, swapped
    /// or mistyped) — the actor a mistyped slug most likely meant.
    static func actorSlug(near slug: ActorSlug, in db: Database) throws -> ActorSlug? {
        let typed = slug.rawValue
        var best: (slug: ActorSlug, edits: Int)?
        for known in try ActorSlug.fetchAll(db, sql: "SELECT slug FROM actor ORDER BY slug") {
            let longer = max(typed.unicodeScalars.count, known.rawValue.unicodeScalars.count)
            let edits = Int((Double(longer) * (1 - TextSimilarity.similarity(typed, known.rawValue))).rounded())
            if edits <= 2, edits < (best?.edits ?? .max) {
                best = (known, edits)
            }
        }
        return best?.slug
    }

    static func fetchActor(_ slug: ActorSlug, in db: Database) throws -> Actor {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT a.*, e.leaf_hash FROM actor a JOIN entry e ON e.seq = a.entry_seq WHERE a.slug = ?",
                arguments: [slug])
        else {
            let near = try actorSlug(near: slug, in: db).map { "did you mean '\($0)'? " } ?? ""
            throw PledgerError.notFound("there is no actor '\(slug)'; \(near)run `pledger actor list` to see the actors")
        }
        guard let kind = ActorKind.fromDatabaseValue(row["kind"]) else {
            throw PledgerError.ledgerUnavailable("actor '\(slug)' has a damaged kind; run `pledger verify`")
        }
        return Actor(
            slug: slug, name: try row.stored("name", of: "actor '\(slug)'"), kind: kind,
            parent: try row.stored("parent_slug", of: "actor '\(slug)'"), entryHash: try leafHash(row))
    }
}
