*** Test Cases ***
Same Name
    Log    in same_b
