# tests/toy/ is an assignment (graded suites that need the grader's fixtures), not tests of this project.
collect_ignore = ["toy"]
