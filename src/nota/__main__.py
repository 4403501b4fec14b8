from nota.cli import main

main()
