extension LedgerStore {
    /// Records a whole case, item by item, through the same actions the CLI uses.
    ///
    /// - Parameters:
    ///   - caseFile: the case.
    ///   - sourceBytes: reads the bytes of a source file named in the case.
    /// - Returns: the refs given to the case's commitment keys.
    @discardableResult
    public func load(_ caseFile: CaseFile, sourceBytes: (String) throws -> [UInt8]) throws -> [String: CommitmentRef] {
        var sources: [String: SourceRef] = [:]
        for item in caseFile.sources {
            let metadata = SourceMetadata(
                title: item.title, publisher: item.publisher, author: item.author, url: item.url,
                publishedOn: item.published, retrievedAt: item.retrieved)
            sources[item.key] = try addSource(bytes: try sourceBytes(item.file), metadata: metadata).source.ref
        }
        for item in caseFile.actors {
            _ = try addActor(slug: item.slug, name: item.name, kind: item.kind, parent: item.parent)
        }
        var commitments: [String: CommitmentRef] = [:]
        for item in caseFile.commitments {
            let draft = CommitmentDraft(
                promisors: item.by, promisee: item.to, source: try Self.resolve(item.source, in: sources, "source"),
                quote: item.quote, occurrence: item.occurrence, summary: item.summary, madeOn: item.made, due: item.due,
                tags: item.tags ?? [], criteria: item.criteria)
            commitments[item.key] = try logCommitment(draft).ref
        }
        var evidence: [String: EvidenceRef] = [:]
        for item in caseFile.evidence {
            let draft = EvidenceDraft(
                commitment: try Self.resolve(item.commitment, in: commitments, "commitment"),
                source: try Self.resolve(item.source, in: sources, "source"), quote: item.quote,
                occurrence: item.occurrence, stance: item.stance, observedOn: item.observed, note: item.note)
            evidence[item.key] = try attachEvidence(draft).ref
        }
        for item in caseFile.assessments {
            let draft = AssessmentDraft(
                commitment: try Self.resolve(item.commitment, in: commitments, "commitment"), status: item.status,
                promisor: item.for, evidence: try (item.evidence ?? []).map { try Self.resolve($0, in: evidence, "evidence") },
                rationale: item.rationale, effectiveOn: item.effective)
            _ = try assess(draft)
        }
        return commitments
    }

    private static func resolve<Value>(_ key: String, in table: [String: Value], _ noun: String) throws -> Value {
        guard let value = table[key] else {
            throw PledgerError.notFound("the case file names \(noun) '\(key)', which it does not define earlier; check the key")
        }
        return value
    }
}
