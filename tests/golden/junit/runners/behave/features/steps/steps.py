from behave import given, when, then

@given("a shop")
def shop(context):
    context.items = 0
    print("shop opened")

@given("a shop that fails in its hook")
def shop2(context):
    pass

@when("I buy {n:d} items")
def buy(context, n):
    context.items += n

@then("I have {n:d} items")
def have(context, n):
    assert context.items == n, "have %d, want %d" % (context.items, n)

@then("it explodes")
def explodes(context):
    raise OSError("disk on fire")
