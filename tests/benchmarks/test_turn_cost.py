from benchmarks.turn_cost import describe, turn_costs


def test_the_median_of_the_turns_up_to_each_mark():
    calls = []

    def say(sender, text):
        calls.append(text)

    costs = turn_costs(say, "s", ["a", "b"], marks=(1, 10))
    assert len(calls) == 10 and calls[:3] == ["a", "b", "a"]
    assert set(costs) == {1, 10} and all(ms >= 0 for ms in costs.values())
    assert describe({1: 50.0, 400: 52.4}) == "turn 1: 50 ms, turn 400: 52 ms"
