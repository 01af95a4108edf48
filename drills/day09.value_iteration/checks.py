import numpy as np

from quizapp.drills.spec import Case, Checks, Compare, Mistake, Step

GAP = 1e-6  # the policy is checked only where the best action beats the second best by more than this


def _evaluate(P, R, gamma, pi):
    S = R.shape[0]
    Ppi = P[np.arange(S), pi]  # (S, S)
    Rpi = R[np.arange(S), pi]
    return np.linalg.solve(np.eye(S) - gamma * Ppi, Rpi)


def _optimal(P, R, gamma):
    """V* exactly, by policy iteration (each evaluation a linear solve)."""
    S = R.shape[0]
    pi = np.argmax(R, axis=1)
    for _ in range(1000):
        V = _evaluate(P, R, gamma, pi)
        Q = R + gamma * (P @ V)
        best = np.max(Q, axis=1)
        keep = Q[np.arange(S), pi] >= best - 1e-12
        new = np.where(keep, pi, np.argmax(Q, axis=1))
        if np.array_equal(new, pi):
            return V, Q
        pi = new
    raise RuntimeError("policy iteration did not converge")


def _fixed_point(P, R, gamma, backup, iters=20000):
    V = np.zeros(R.shape[0])
    for _ in range(iters):
        V_new = backup(R + gamma * (P @ V))
        if np.max(np.abs(V_new - V)) < 1e-13:
            return V_new
        V = V_new
    return V


def _random_mdp(rng, S, A, sparse=False):
    P = rng.random((S, A, S)) ** (4 if sparse else 1)
    P /= P.sum(axis=2, keepdims=True)
    return P, rng.standard_normal((S, A))


def build() -> Checks:
    rng = np.random.default_rng(9101)
    specs = []
    # S=1: one state, two actions
    specs.append(("S=1, A=2, γ=0.9", np.ones((1, 2, 1)), np.array([[1.0, 2.0]]), 0.9))
    P, R = _random_mdp(rng, 5, 3)
    specs.append(("random MDP (S=5, A=3), γ=0.9", P, R, 0.9))
    # corridor 0-1-2-3 with a rewarding absorbing end; actions left/right/stay tie in some states
    P = np.zeros((4, 3, 4))
    for s in range(4):
        for a, step in enumerate((-1, 1, 0)):
            P[s, a, min(max(s + step, 0), 3) if s != 3 else 3] = 1.0
    R = np.zeros((4, 3))
    R[2, 1] = 1.0
    specs.append(("deterministic corridor with ties (S=4, A=3), γ=0.8", P, R, 0.8))
    P, R = _random_mdp(rng, 6, 2, sparse=True)
    P[5] = 0.0
    P[5, :, 5] = 1.0  # terminal state
    R[5] = 0.0
    R[:5] -= 1.0
    specs.append(("absorbing terminal state, negative rewards (S=6, A=2), γ=0.95", P, R, 0.95))
    P, R = _random_mdp(rng, 4, 5)
    specs.append(("γ=0 (S=4, A=5): V = max_a R", P, R, 0.0))
    P, R = _random_mdp(rng, 12, 4, sparse=True)
    specs.append(("larger (S=12, A=4), γ=0.9", P, R * 3, 0.9))

    steps = [Step("value_iteration(P, R, gamma)", ("V", "policy"))]
    cases = []
    for label, P, R, gamma in specs:
        V_star, Q = _optimal(P, R, gamma)
        top2 = np.sort(Q, axis=1)[:, -2:] if Q.shape[1] > 1 else np.concatenate([Q, Q - 1.0], axis=1)
        decided = (top2[:, 1] - top2[:, 0]) > GAP  # the best action beats the second best: no tie
        # DRILLS.md: V within an absolute 1e-6 × max(1, max|V*|) (synchronous and in-place sweeps
        # both pass), the policy only in the states without a tie
        v_tol = 1e-6 * max(1.0, float(np.max(np.abs(V_star))))
        cases.append(Case(label, {"P": P, "R": R, "gamma": gamma}, steps,
                          compare=[Compare("V", atol=v_tol, rtol=0.0), Compare("policy", where=decided)]))

    def v_mistake(f, hint):
        return Mistake("V", lambda v: f(v["P"], v["R"], v["gamma"]), hint)

    def pi_mistake(f, hint):
        return Mistake("policy", lambda v: f(v["P"], v["R"], v["gamma"], _optimal(v["P"], v["R"], v["gamma"])[0]), hint)

    mistakes = [
        v_mistake(lambda P, R, g: _fixed_point(P, R, g, lambda Q: Q.mean(axis=1)),
                  "行動について平均を取っていませんか（それはランダム方策の方策評価です）。価値反復では max_a を取ります"),
        v_mistake(lambda P, R, g: _fixed_point(P, R, g, lambda Q: Q.min(axis=1)), "max ではなく min になっています"),
        v_mistake(lambda P, R, g: R.max(axis=1), "1 回しか更新していませんか。変化の最大値が tol 未満になるまで繰り返します"),
        v_mistake(lambda P, R, g: _fixed_point(np.swapaxes(P, 0, 2), R, g, lambda Q: Q.max(axis=1)),
                  "P の軸の順序は P[s, a, s']（状態 s で行動 a を取ったとき s' に移る確率）です。"
                  "期待値は Σ_s' P[s, a, s'] V[s'] = P @ V"),
        pi_mistake(lambda P, R, g, V: np.argmax(R, axis=1),
                   "方策は R だけでなく、将来の価値も含めた Q(s, a) = R(s, a) + γ Σ_s' P(s, a, s') V(s') の argmax です"),
        pi_mistake(lambda P, R, g, V: np.argmin(R + g * (P @ V), axis=1), "argmin ではなく argmax です"),
    ]
    return Checks(functions=["value_iteration"], cases=cases, shapes={"V": "(S,)", "policy": "(S,) の整数"},
                  mistakes=mistakes)
