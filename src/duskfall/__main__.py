from duskfall.cli import main

if __name__ == "__main__":  # not when a worker process imports it to start (spawn)
    raise SystemExit(main())
