*** Test Cases ***
Same Name
    Log    in same_a
