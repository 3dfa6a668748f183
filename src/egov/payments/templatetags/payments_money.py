from django import template

from egov.payments import money

register = template.Library()


@register.filter
def vnd(amount: int) -> str:
    """``150000`` → ``150.000``."""
    return money.vnd(int(amount))


@register.filter
def vnd_in_words(amount: int) -> str:
    """``150000`` → ``Một trăm năm mươi nghìn đồng``."""
    return money.vnd_in_words(int(amount))
