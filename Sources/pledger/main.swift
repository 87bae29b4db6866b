import PledgerCLI

PledgerCommand.main()
