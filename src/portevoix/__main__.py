from portevoix.cli import main

main()
