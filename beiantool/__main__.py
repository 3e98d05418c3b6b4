"""`python -m beiantool` and the `beiantool` command: signals are noted from the first moment, then the CLI loads."""


def main() -> None:
    from beiantool.base import collector, interrupt

    collector.tune()  # the command's own process only: beiantool used as a library leaves the collector alone

    interrupt.install()  # before the command line's imports: a signal arriving while they load is noted, not lost
    from beiantool.cli import main as cli_main

    cli_main()


if __name__ == "__main__":  # worker processes import this module under another name
    main()
