import Foundation
import PledgerCLI

// Past a file size limit (`ulimit -f`), report the failed write instead of being killed by SIGXFSZ.
signal(SIGXFSZ, SIG_IGN)
PledgerCommand.runAsTool()
