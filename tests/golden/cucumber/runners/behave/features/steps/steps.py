from collections import Counter

from behave import given, when, then


@given("an empty cart")
def empty_cart(context):
    context.cart = Counter()


@when('I add {count:d} "{item}"')
def add(context, count, item):
    context.cart[item] += count


@when("I add {count:d} item named {item}")
def add_named(context, count, item):
    context.cart[item] += count


# behave drops the colon before a table or doc string.
@when("I add these items")
def add_table(context):
    for row in context.table:
        context.cart[row["item"]] += int(row["count"])


@when("the payment service fails")
def payment_fails(context):
    raise IOError("payment service unreachable")


@when("I check out later")
def later(context):
    context.scenario.skip("checkout is not ready")


@then("the cart holds {n:d} items")
def holds(context, n):
    total = sum(context.cart.values())
    assert total == n, "expected %d items, the cart holds %d" % (n, total)


@then("the receipt says")
def receipt(context):
    print("receipt: " + context.text)
    assert context.text == "%d items" % sum(context.cart.values()), "wrong receipt"
