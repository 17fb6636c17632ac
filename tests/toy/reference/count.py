def count_calls(f, n):
    return [f() for _ in range(n)]
