def before_scenario(context, scenario):
    if "hook fails" in scenario.name.lower():
        raise RuntimeError("before_scenario hook failed")
