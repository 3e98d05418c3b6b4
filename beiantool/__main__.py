from beiantool.cli import main

main()
