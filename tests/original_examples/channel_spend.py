"""Nodes computed by shared functions (@does) and shaped by the config (@resolve), after the
original's examples of decorators chosen at build time."""

from hamilton.function_modifiers import ResolveAt, does, extract_fields, parameterize, resolve, source, tag, value


def _sum(**amounts: float) -> float:
    return sum(amounts.values())


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4)


def raw_spend() -> dict:
    return {"tv": 120.0, "radio": 30.0, "web": 50.0, "print": 0.0}


@extract_fields({"tv": float, "radio": float, "web": float})
def channels(raw_spend: dict) -> dict:
    return {name: raw_spend[name] for name in ("tv", "radio", "web")}


@tag(kind="total")
@does(_sum)
def total_spend(tv: float, radio: float, web: float, fees: float = 5.0) -> float:
    """All channels, fees included."""


@does(_share, part="web", whole="total_spend")
def web_share(web: float, total_spend: float) -> float:
    pass


@resolve(
    when=ResolveAt.CONFIG_AVAILABLE,
    decorate_with=lambda channels_to_report: parameterize(
        **{f"{name}_share": {"part": source(name)} for name in channels_to_report}
    ),
)
def share_of(part: float, total_spend: float) -> float:
    return round(part / total_spend, 4)


@resolve(
    when=ResolveAt.CONFIG_AVAILABLE,
    decorate_with=lambda budget_owner="finance": tag(owner=budget_owner, kind="budget"),
)
def budget(total_spend: float, headroom: float = 0.1) -> float:
    return total_spend * (1 + headroom)


@parameterize(doubled_tv=dict(amount=source("tv"), factor=value(2.0)))
def scaled(amount: float, factor: float) -> float:
    return amount * factor
