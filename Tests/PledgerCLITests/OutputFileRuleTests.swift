import Foundation
import Testing

@testable import PledgerCLI

/// Which existing files `-o` refuses to replace, whoever runs it: the rule apart from the file system, so
/// that it is checked for root and other users alike.
struct OutputFileRuleTests {
    @Test(arguments: [0o444, 0o400, 0o555, 0o000] as [mode_t])
    func aFileNobodyMayWriteIsProtectedEvenFromAUserWhoMayWriteAnyFile(mode: mode_t) {
        #expect(OutputFile.isWriteProtected(mode: mode, writable: true))
    }

    @Test(arguments: [0o644, 0o200, 0o020, 0o002, 0o666] as [mode_t])
    func aFileSomeoneMayWriteIsReplacedByAUserWhoMayWriteIt(mode: mode_t) {
        #expect(!OutputFile.isWriteProtected(mode: mode, writable: true))
    }

    @Test func aFileThisUserMayNotWriteIsProtectedWhateverItsMode() {
        #expect(OutputFile.isWriteProtected(mode: 0o644, writable: false))
    }
}
