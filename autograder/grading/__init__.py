"""The grade stage: the graded suites run in pytest against the sandbox, and give records.

    suites.py   grade(): prepare the scratch copy (autograder/submission/), collect the suites, run
                them in one process or several forked ones, return the records (Graded)
    plugin.py   the pytest plugin: test metadata, the `student` fixture, an outcome per test
    test_result.py  the record of one test (TestResult), how its failure reads, gates between tests
    replay.py   recorded inputs of property tests, replayed without hypothesis's engine
    replay_cache.py  where they are kept between gradings, and when the cache may be used
"""
