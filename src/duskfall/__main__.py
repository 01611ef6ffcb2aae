from duskfall.cli import main

raise SystemExit(main())
