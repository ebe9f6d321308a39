"""`python -m datachain_studio`: the `datachain-studio` command line."""

from .cli import main

if __name__ == "__main__":
    main()
