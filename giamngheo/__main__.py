from giamngheo.cli import main

main()
