"""`datachain-studio auth`: sign in and out, the default team, the saved token.

These commands read and write the datachain config files exactly as `datachain auth` does
(`datachain_studio._signin`), so either tool can use what the other saved. `login` needs no
token; `logout` revokes the saved one on Studio first. The token is printed only by
`auth token`, which exists to print it.
"""

from __future__ import annotations

import click

from ._context import ExitCode, Failure, OrderedGroup, State, json_option, pass_state, wants_json
from ._output import counted, echo, print_json

_LOCAL_HELP = "Use the project's config file (.datachain/config) instead of the user's."


@click.group(cls=OrderedGroup)
def auth() -> None:
    """Sign in and out, the default team, the token.

    As `datachain auth` does, in the same config files: either tool uses what the other saved.
    """


@auth.command("login")
@click.option(
    "-H",
    "--hostname",
    metavar="URL",
    help="The Studio to sign in to (default: --url, DATACHAIN_STUDIO_URL, the config's "
    "studio.url, or https://studio.datachain.ai).",
)
@click.option(
    "-s",
    "--scopes",
    metavar="SCOPES",
    help="Comma-separated scopes for the token: EXPERIMENTS, DATASETS, MODELS (any case).",
)
@click.option("-n", "--name", "token_name", metavar="NAME", help="A name for the token.")
@click.option(
    "--team",
    "teams",
    multiple=True,
    metavar="TEAM",
    help="A team the token is for (repeatable; default: all your teams). With exactly one, "
    "it is also saved as the default team.",
)
@click.option(
    "--expires-in",
    type=click.IntRange(min=1),
    default=365,
    show_default=True,
    metavar="DAYS",
    help="The token's lifetime in days.",
)
@click.option("--local", is_flag=True, help=_LOCAL_HELP)
@click.option("--no-open", is_flag=True, help="Do not open a web browser; just print the URL.")
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0.01),
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="How often to ask Studio whether the sign-in was approved.",
)
@click.option(
    "--timeout",
    "wait_timeout",
    type=click.FloatRange(min=0.01),
    metavar="SECONDS",
    help="Give up waiting for the approval after this long (default: until the code expires).",
)
@json_option
@pass_state
def login(
    state: State,
    hostname: str | None,
    scopes: str | None,
    token_name: str | None,
    teams: tuple[str, ...],
    expires_in: int,
    local: bool,
    no_open: bool,
    poll_interval: float,
    wait_timeout: float | None,
    as_json: bool,
) -> None:
    """Sign in with your browser and save the token, as `datachain auth login` does.

    Prints a URL (and opens it, unless --no-open) where you approve the sign-in; once you
    have, the token is saved in the datachain config file (the user's, or with --local the
    project's). Refused if a token for this Studio is saved already: log out first.
    """
    from .._exceptions import ConfigurationError
    from .._signin import AuthorizationExpiredError, DeviceCode, SignInError
    from .._signin import login as sign_in

    def show(code: DeviceCode) -> None:
        echo(f"Open this URL to sign in to Studio: {code.url}", err=True)
        echo(f"and check that it shows the code {code.user_code}.", err=True)
        echo("Waiting for the sign-in to be approved...", err=True)

    chosen_teams = teams or ((state.team,) if state.team else ())
    try:
        result = sign_in(
            hostname or state.url,
            teams=chosen_teams,
            scopes=scopes,
            token_name=token_name,
            expires_in_days=expires_in,
            level="local" if local else "global",
            on_code=show,
            open_browser=not no_open,
            poll_interval=poll_interval,
            wait_timeout=wait_timeout,
            allow_insecure=state.allow_insecure,
        )
    except AuthorizationExpiredError as exc:
        raise Failure(str(exc), ExitCode.AUTH) from None
    except SignInError as exc:
        if isinstance(exc, ConfigurationError):  # already logged in: the configuration's
            raise
        raise Failure(str(exc), ExitCode.UNAVAILABLE) from None  # Studio answered wrongly
    if wants_json(state, as_json):
        print_json(
            {
                "url": result.url,
                "config_file": str(result.config_file),
                "level": result.level,
                "token_name": result.token_name,
                "teams": list(result.teams),
                "team": result.team,
                "expires_in_days": result.expires_in_days,
            }
        )
        return
    echo(f"Authentication complete. Saved token to {result.config_file}.")
    if result.teams:
        echo(f"Token is scoped to teams: {', '.join(result.teams)}")
    if result.expires_in_days is not None:
        echo(f"Token will expire in {counted(result.expires_in_days, 'day')}.")
    if result.team is not None:
        echo(f"Set default team to '{result.team}' in {result.config_file}")
    else:
        echo("Set a default team with `datachain-studio auth team <name>`.")


@auth.command("logout")
@click.option("--local", is_flag=True, help=_LOCAL_HELP)
@json_option
@pass_state
def logout(state: State, local: bool, as_json: bool) -> None:
    """Revoke the saved token on Studio and remove it (and the default team) from the config.

    If Studio says the token was revoked already (or is invalid), it is removed all the
    same. If Studio cannot be reached or fails, the token is kept: try again later.
    """
    from .._signin import logout as sign_out

    result = sign_out(
        level="local" if local else "global", url=state.url, allow_insecure=state.allow_insecure
    )
    if wants_json(state, as_json):
        print_json(
            {
                "url": result.url,
                "config_file": str(result.config_file),
                "level": result.level,
                "revoked": result.revoked,
            }
        )
        return
    if not result.revoked:
        echo("Token was already revoked or is invalid on Studio.", err=True)
    echo(f"Logged out from Studio: removed the token from {result.config_file}.")


@auth.command("team")
@click.argument("name", required=False, metavar="[NAME]")
@click.option("--local", is_flag=True, help=_LOCAL_HELP)
@json_option
@pass_state
def team(state: State, name: str | None, local: bool, as_json: bool) -> None:
    """Show the default team, or set it to NAME (in the config file; no request is sent)."""
    from .._signin import configured, set_default_team

    if name is None:
        current = configured("team")
        if wants_json(state, as_json):
            print_json({"team": current})
            return
        if current is None:
            raise Failure(
                "No default team set. Set one with `datachain-studio auth team <name>`.",
                ExitCode.CONFIG,
            )
        echo(f"Default team is '{current}'")
        return
    path = set_default_team(name, level="local" if local else "global")
    if wants_json(state, as_json):
        print_json({"team": name.strip(), "config_file": str(path)})
        return
    echo(f"Set default team to '{name.strip()}' in {path}")


@auth.command("token")
def token() -> None:
    """Print the saved token (from the config files; the environment is not consulted).

    This is the one command that prints a token: mind where its output goes.
    """
    from .._signin import configured

    saved = configured("token")
    if saved is None:
        raise Failure(
            "Not logged in to Studio: no token in the datachain config files. Sign in with "
            "`datachain-studio auth login`.",
            ExitCode.CONFIG,
        )
    click.echo(saved)
