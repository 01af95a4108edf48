"""The drills of days 4–9 (issue 4): every reference passes its drill, and typical learner
mistakes for each layer are rejected by the right check with the right message."""

from __future__ import annotations

import ast
import json

import pytest

from quizapp.drills.model import load_drills

# id -> the public signatures of starter.py and solution.py (as in issue 4)
EXPECTED = {
    "day04.im2col": ["im2col(x, fh, fw, stride=1, pad=0)", "col2im(col, x_shape, fh, fw, stride=1, pad=0)"],
    "day04.conv": ["conv_forward(x, W, b, stride=1, pad=0)", "conv_backward(dout, cache)"],
    "day04.maxpool": ["maxpool_forward(x, ph, pw, stride)", "maxpool_backward(dout, cache)"],
    "day05.residual": ["residual_forward(x, W1, b1, W2, b2)", "residual_backward(dout, cache)"],
    "day05.global_avg_pool": ["gap_forward(x)", "gap_backward(dout, cache)"],
    "day05.pointwise_conv": ["pointwise_conv_forward(x, W, b)", "pointwise_conv_backward(dout, cache)"],
    "day06.rnn_step": ["rnn_step_forward(x, h_prev, Wx, Wh, b)", "rnn_step_backward(dh_next, cache)"],
    "day06.rnn_bptt": ["rnn_forward(x, h0, Wx, Wh, b)", "rnn_backward(dh, cache)"],
    "day06.embedding": ["embedding_forward(idx, W)", "embedding_backward(dout, cache)"],
    "day06.clip_grads": ["clip_grads(grads, max_norm)"],
    "day07.lstm_step": ["lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)", "lstm_step_backward(dh_next, dc_next, cache)"],
    "day07.gru_step": ["gru_step_forward(x, h_prev, Wx, Wh, b)", "gru_step_backward(dh_next, cache)"],
    "day07.attention": ["attention_forward(Q, K, V, mask=None)", "attention_backward(dout, cache)"],
    "day08.vae": ["reparameterize_forward(mu, logvar, eps)", "reparameterize_backward(dz, cache)", "vae_kl(mu, logvar)"],
    "day08.gan_losses": ["bce_with_logits(logits, targets)", "discriminator_loss(real_logits, fake_logits)",
                         "generator_loss(fake_logits)"],
    "day09.value_iteration": ["value_iteration(P, R, gamma, tol=1e-08)"],
    "day09.q_learning": ["q_learning_update(Q, s, a, r, s_next, done, alpha, gamma)"],
    "day09.policy_gradient": ["reinforce_loss(theta, states, actions, returns)"],
}


pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


DRILLS = load_drills()


def _sub(source: str, old: str, new: str) -> str:
    assert old in source, f"the mutation {old!r} does not apply"
    return source.replace(old, new)


def _signatures(source: str) -> list[str]:
    out = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            args = node.args
            defaults = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
            parts = [a.arg + ("" if d is None else f"={ast.literal_eval(d)!r}") for a, d in zip(args.args, defaults)]
            out.append(f"{node.name}({', '.join(parts)})")
    return out


@pytest.mark.parametrize("drill_id", sorted(EXPECTED))
def test_the_drill_has_the_required_signatures_and_texts(drill_id):
    d = DRILLS[drill_id]
    assert d.day == int(drill_id[3:5])
    names = {s.split("(")[0] for s in EXPECTED[drill_id]}
    assert _signatures(d.starter) == EXPECTED[drill_id]
    # the reference may define helpers of its own (im2col in the conv drills)
    assert [s for s in _signatures(d.solution) if s.split("(")[0] in names] == EXPECTED[drill_id]
    assert [f.name for f in d.functions] == [s.split("(")[0] for s in EXPECTED[drill_id]]
    assert d.checks.functions == [f.name for f in d.functions]
    for node in ast.parse(d.starter).body:
        if isinstance(node, ast.FunctionDef):
            assert any(isinstance(n, ast.Raise) and "NotImplementedError" in ast.unparse(n) for n in ast.walk(node))
    assert len(d.hints) >= 2 and len(d.checks.cases) >= 3
    assert "$" in d.statement and any("\u3040" <= ch <= "\u30ff" for ch in d.statement)
    for m in d.checks.mistakes:  # hints in Japanese (a dict hint has its English text as well)
        ja = m.hint["ja"] if isinstance(m.hint, dict) else m.hint
        assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in ja), m.hint


@pytest.mark.parametrize("drill_id", sorted(EXPECTED))
def test_the_reference_passes(grader, drill_id):
    d = DRILLS[drill_id]
    v = grader.grade(d, d.solution)
    assert v.passed, v.checks
    assert v.seconds < 1.5, v.seconds


# (drill, (old, new) replacements in the reference, failing check, substrings of its message)
MISTAKES = [
    ("day04.im2col", [("transpose(0, 4, 5, 1, 2, 3)", "transpose(0, 4, 5, 2, 3, 1)")], "forward",
     ["col differs", "列の順序が (fh, fw, c)"]),
    ("day04.im2col", [("col.transpose(0, 4, 5, 1, 2, 3).reshape", "col.reshape")], "forward",
     ["transpose を忘れて"]),
    ("day04.im2col", [("return img[:, :, pad:H + pad, pad:W + pad]", "return img")], "shapes",
     ["img has shape", "切り落とした"]),
    ("day04.im2col", [("stride * OW:stride] += col6", "stride * OW:stride] = col6")], "backward",
     ["img (the gradient with respect to x)", "足し合わせます"]),
    ("day04.conv", [("out = out.reshape(N, OH, OW, -1).transpose(0, 3, 1, 2)", "out = out.reshape(N, -1, OH, OW)")],
     "forward", ["out differs", "reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)"]),
    ("day04.conv", [(".transpose(1, 0).reshape(FN, C, FH, FW)", ".reshape(FN, C, FH, FW)")], "backward",
     ["dW (the gradient with respect to W)", "transpose(1, 0) してから"]),
    ("day04.conv", [("db = np.sum(dout2, axis=0)", "db = np.mean(dout2, axis=0)")], "backward",
     ["db (the gradient with respect to b)", "平均ではありません"]),
    ("day04.conv", [("dout2 = dout.transpose(0, 2, 3, 1).reshape(-1, FN)", "dout2 = dout.reshape(-1, FN)")], "backward",
     ["db (the gradient", "dout.transpose(0, 2, 3, 1).reshape(-1, FN)"]),
    ("day04.maxpool", [("dmax[np.arange(dout2.size), arg] = dout2", "dmax[:] = dout2[:, None]")], "backward",
     ["dx (the gradient with respect to x)", "窓の全要素"]),
    ("day04.maxpool", [("stride * OW:stride] += col6", "stride * OW:stride] = col6")], "backward",
     ["overlapping windows", "A col2im that assigns whole windows with '='", "add them (+=)"]),
    ("day04.maxpool", [("dmax[np.arange(dout2.size), arg] = dout2", "dmax[:] = dout2[:, None] / (ph * pw)")], "backward",
     ["平均プーリング"]),
    ("day05.residual", [("dx = da1 @ W1.T + da2", "dx = da1 @ W1.T")], "backward",
     ["dx (the gradient with respect to x)", "ショートカット（x をそのまま足す経路）の勾配が抜けています"]),
    ("day05.residual", [("da2 = dout * (a2 > 0)", "da2 = dout")], "backward",
     ["dW2 (the gradient with respect to W2)", "外側の ReLU の逆伝播"]),
    ("day05.residual", [("out = np.maximum(0.0, a2)", "out = a2")], "forward", ["out differs", "もう一度 ReLU"]),
    ("day05.global_avg_pool", [("out = np.mean(x, axis=(2, 3))", "out = np.sum(x, axis=(2, 3))")], "forward",
     ["out differs", "H*W で割ります"]),
    ("day05.global_avg_pool", [("dout[:, :, None, None] / (H * W)", "dout[:, :, None, None]")], "backward",
     ["dx (the gradient with respect to x)", "1/(H*W) を掛け忘れていませんか"]),
    ("day05.pointwise_conv", [("db = np.sum(dout, axis=(0, 2, 3))", "db = np.mean(dout, axis=(0, 2, 3))")], "backward",
     ["db (the gradient with respect to b)", "平均ではありません"]),
    ("day05.pointwise_conv", [('"nfhw,nchw->fc"', '"nfhw,nchw->cf"')], "shapes", ["dW has shape", "transposed?"]),
    ("day06.rnn_step", [("da = dh_next * (1.0 - h_next ** 2)", "a = np.arctanh(h_next)\n    da = dh_next * (1.0 - a ** 2)")],
     "backward", ["db (the gradient with respect to b)", "tanh を通す前の a"]),
    ("day06.rnn_step", [("dWh = h_prev.T @ da", "dWh = h_next.T @ da")], "backward",
     ["dWh (the gradient with respect to Wh)", "h_next ではなく"]),
    ("day06.rnn_bptt", [("(dh[:, t, :] + dprev) * (1.0", "dh[:, t, :] * (1.0")], "backward",
     ["db (the gradient with respect to b)", "未来の時刻から戻ってくる勾配が抜けています"]),
    ("day06.rnn_bptt", [("dWx += x[:, t, :].T @ da", "dWx = x[:, t, :].T @ da")], "backward",
     ["dWx (the gradient with respect to Wx)", "全時刻分を足し合わせます"]),
    ("day06.rnn_bptt", [("dWh += hp.T @ da", "dWh += h[:, t, :].T @ da")], "backward",
     ["dWh (the gradient with respect to Wh)", "h_{t-1}"]),
    ("day06.embedding", [("np.add.at(dW, idx, dout)", "dW[idx] += dout")], "backward",
     ["dW (the gradient with respect to W)", "repeated indices", "np.add.at(dW, idx, dout)"]),
    ("day06.embedding", [("return out, (idx, W.shape)", "return out, (idx, W)"),
                         ("idx, W_shape = cache\n    dW = np.zeros(W_shape)", "idx, dW = cache\n    dW[...] = 0")],
     "inplace", ["embedding_backward() modified its input W in place"]),
    ("day06.clip_grads", [("return {k: g * rate for k, g in grads.items()}",
                           "for g in grads.values():\n            g *= rate\n        return grads")],
     "inplace", ["clip_grads() modified its input grads in place"]),
    ("day06.clip_grads", [("return {k: g.copy() for k, g in grads.items()}", "return grads")],
     "forward", ["same_dict differs", "unchanged", "引数の dict をそのまま返しています"]),
    ("day06.clip_grads", [("total_norm = np.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))\n"
                           "    rate = max_norm / (total_norm + 1e-6)\n"
                           "    if rate < 1:\n        return {k: g * rate for k, g in grads.items()}",
                           "return {k: g * min(1.0, max_norm / (np.sqrt(np.sum(g ** 2)) + 1e-6)) for k, g in grads.items()}")],
     "forward", ["clipped", "global norm"]),
    ("day07.lstm_step", [("f = _sigmoid(A[:, :H])\n    g = np.tanh(A[:, H:2 * H])\n"
                          "    i = _sigmoid(A[:, 2 * H:3 * H])\n    o = _sigmoid(A[:, 3 * H:])",
                          "i = _sigmoid(A[:, :H])\n    f = _sigmoid(A[:, H:2 * H])\n"
                          "    o = _sigmoid(A[:, 2 * H:3 * H])\n    g = np.tanh(A[:, 3 * H:])")],
     "forward", ["h_next differs", "ゲートの順序が i, f, o, g"]),
    ("day07.lstm_step", [("ds = dc_next + dh_next * o * (1.0 - tc ** 2)", "ds = dc_next")], "backward",
     ["db (the gradient with respect to b)", "dc_next だけではありません"]),
    ("day07.lstm_step", [("(1.0 - tc ** 2)", "(1.0 - (f * c_prev + g * i) ** 2)")], "backward",
     ["1 - c_next**2 ではありません"]),
    ("day07.gru_step", [("(r * h_prev) @ Whh", "r * (h_prev @ Whh)")], "forward",
     ["h_next differs", "r を行列積のあとに掛けていませんか"]),
    ("day07.gru_step", [("h_next = (1.0 - z) * h_prev + z * h_hat", "h_next = z * h_prev + (1.0 - z) * h_hat")],
     "forward", ["h_next differs", "z と 1 - z が逆です"]),
    ("day07.gru_step", [("dh_prev = dh_next * (1.0 - z)", "dh_prev = 0.0")], "backward",
     ["dh_prev (the gradient with respect to h_prev)", "直接の経路"]),
    ("day07.attention", [("    if mask is not None:\n        S = np.where(mask, -np.inf, S)\n", ""),
                         ("A = E / np.sum(E, axis=-1, keepdims=True)",
                          "A = E / np.sum(E, axis=-1, keepdims=True)\n    if mask is not None:\n        A = A * ~mask")],
     "forward", ["out differs", "rows partly masked", "マスクを softmax の後に掛けていませんか"]),
    ("day07.attention", [("S = Q @ K.transpose(0, 2, 1) / np.sqrt(d)", "S = Q @ K.transpose(0, 2, 1)")], "forward",
     ["out differs", "1/sqrt(d) のスケーリング"]),
    ("day07.attention", [("dQ = dS @ K / np.sqrt(d)", "dQ = dS @ K")], "backward",
     ["dQ (the gradient with respect to Q)", "逆伝播でも 1/sqrt(d)"]),
    ("day07.attention", [("S = S - np.max(S, axis=-1, keepdims=True)", "S = S + 0.0")], "forward",
     ["large scores ±1e3", "最大値を引いて"]),
    ("day08.vae", [("np.exp(logvar)) / N", "np.exp(logvar))")], "forward",
     ["kl differs", "1/N を掛け忘れていませんか"]),
    ("day08.vae", [("dlogvar = dz * eps * 0.5 * std", "dlogvar = dz * eps * std")], "backward",
     ["dlogvar (the gradient with respect to logvar)", "0.5 が付きます"]),
    ("day08.vae", [("std = np.exp(0.5 * logvar)", "std = np.exp(logvar)")], "forward",
     ["z differs", "exp(logvar) は分散"]),
    ("day08.vae", [("dmu = mu / N", "dmu = mu")], "backward", ["dmu (the gradient with respect to mu)", "dmu = mu / N"]),
    ("day08.gan_losses", [("loss = np.mean(np.maximum(x, 0.0) - x * t + np.log1p(e))",
                           "p = 1.0 / (1.0 + np.exp(-x))\n    loss = np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p)))")],
     "forward", ["logits ±1e3", "nan/inf", "log1p(exp(-|x|))"]),
    ("day08.gan_losses", [("loss, dfake = bce_with_logits(fake_logits, np.ones_like(fake_logits))\n    return loss, dfake",
                           "loss, dfake = bce_with_logits(fake_logits, np.zeros_like(fake_logits))\n    return -loss, -dfake")],
     "forward", ["generator_loss", "非飽和（non-saturating）"]),
    ("day08.gan_losses", [("return loss_real + loss_fake, dreal, dfake",
                           "n_r, n_f = real_logits.size, fake_logits.size\n"
                           "    return ((loss_real * n_r + loss_fake * n_f) / (n_r + n_f), dreal * n_r / (n_r + n_f),\n"
                           "            dfake * n_f / (n_r + n_f))")],
     "forward", ["discriminator_loss, real N=4, fake N=6", "つなげて 1 つの平均"]),
    ("day08.gan_losses", [("dlogits = (sig - t) / x.size", "dlogits = sig - t")], "backward",
     ["dlogits (the gradient with respect to logits)", "1/N を掛け忘れていませんか"]),
    ("day09.value_iteration", [("V_new = np.max(Q, axis=1)", "V_new = np.mean(Q, axis=1)")], "forward",
     ["V differs", "行動について平均"]),
    ("day09.value_iteration", [("policy = np.argmax(R + gamma * (P @ V), axis=1)", "policy = np.argmax(R, axis=1)")],
     "forward", ["policy differs", "将来の価値も含めた"]),
    ("day09.value_iteration", [("if np.max(np.abs(V_new - V)) < tol:", "if True:")], "forward",
     ["V differs", "1 回しか更新していませんか"]),
    ("day09.q_learning", [("target = r if done else r + gamma * np.max(Q[s_next])", "target = r + gamma * np.max(Q[s_next])")],
     "forward", ["Q1 differs", "done=True", "done（終端）のときは次の状態の価値を足しません"]),
    ("day09.q_learning", [("Q[s, a] += alpha * (target - Q[s, a])", "Q[s, a] += alpha * target")], "forward",
     ["TD 誤差"]),
    ("day09.q_learning", [("np.max(Q[s_next])", "Q[s_next, a]")], "forward", ["SARSA"]),
    ("day09.policy_gradient", [("dtheta = states.T @ dlogits", "dtheta = -states.T @ dlogits")], "backward",
     ["dtheta (the gradient with respect to theta)", "勾配の符号が逆です"]),
    ("day09.policy_gradient", [("loss = -np.mean(returns * logp[rows, actions])", "loss = -np.sum(returns * logp[rows, actions])")],
     "forward", ["loss differs", "1/N を掛け忘れていませんか"]),
    ("day09.policy_gradient", [("z = logits - np.max(logits, axis=1, keepdims=True)", "z = logits")], "forward",
     ["large logits ±1e3", "log-softmax"]),
]


@pytest.mark.parametrize("drill_id,edits,check,needles", MISTAKES, ids=[f"{m[0]}-{i}" for i, m in enumerate(MISTAKES)])
def test_a_typical_mistake_is_rejected_with_the_right_message(grader, drill_id, edits, check, needles):
    d = DRILLS[drill_id]
    source = d.solution
    for old, new in edits:
        source = _sub(source, old, new)
    v = grader.grade(d, source)
    assert not v.passed
    failed = v.failed_check
    assert failed is not None and failed["name"] == check, v.checks
    for needle in needles:
        assert needle in failed["message"], (needle, failed["message"])
    assert all(c["passed"] for c in v.checks[:-1]) and v.checks[-1] is failed


def test_every_drill_of_days_4_to_9_has_at_least_two_mistakes_tested():
    counts = {d: sum(1 for m in MISTAKES if m[0] == d) for d in EXPECTED}
    assert min(counts.values()) >= 2, counts


# Other correct ways to write a drill pass too (the checks follow the statement, not the reference).
ALTERNATIVES = {
    "day04.conv": '''
import numpy as np

def conv_forward(x, W, b, stride=1, pad=0):
    N, C, H, Wd = x.shape
    FN, _, FH, FW = W.shape
    OH, OW = (H + 2 * pad - FH) // stride + 1, (Wd + 2 * pad - FW) // stride + 1
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.empty((N, FN, OH, OW))
    for i in range(OH):
        for j in range(OW):
            patch = xp[:, :, i * stride:i * stride + FH, j * stride:j * stride + FW]
            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
    return out, (x, W, stride, pad)

def conv_backward(dout, cache):
    x, W, stride, pad = cache
    N, C, H, Wd = x.shape
    FN, _, FH, FW = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp, dW = np.zeros_like(xp), np.zeros_like(W)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            sl = (slice(None), slice(None), slice(i * stride, i * stride + FH), slice(j * stride, j * stride + FW))
            dW += np.tensordot(dout[:, :, i, j], xp[sl], axes=([0], [0]))
            dxp[sl] += np.tensordot(dout[:, :, i, j], W, axes=([1], [0]))
    return dxp[:, :, pad:pad + H, pad:pad + Wd], dW, dout.sum(axis=(0, 2, 3))
''',
    "day04.maxpool": '''
import numpy as np

def maxpool_forward(x, ph, pw, stride):
    N, C, H, W = x.shape
    OH, OW = (H - ph) // stride + 1, (W - pw) // stride + 1
    out = np.empty((N, C, OH, OW))
    for i in range(OH):
        for j in range(OW):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw].max(axis=(2, 3))
    return out, (x, ph, pw, stride)

def maxpool_backward(dout, cache):
    x, ph, pw, stride = cache
    dx = np.zeros_like(x)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            win = x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]
            mask = win == win.max(axis=(2, 3), keepdims=True)
            dx[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw] += mask * dout[:, :, i, j][:, :, None, None]
    return dx
''',
    "day06.embedding": '''
import numpy as np

def embedding_forward(idx, W):
    onehot = np.eye(W.shape[0])[idx]
    return onehot @ W, onehot

def embedding_backward(dout, cache):
    onehot = cache
    return np.einsum("ntv,ntd->vd", onehot, dout)
''',
    "day06.clip_grads": '''
import numpy as np

def clip_grads(grads, max_norm):
    norm = np.linalg.norm(np.concatenate([g.ravel() for g in grads.values()]))
    if norm <= max_norm:
        return dict(grads)
    return {k: g * (max_norm / (norm + 1e-6)) for k, g in grads.items()}
''',
    "day07.attention": '''
import numpy as np

def attention_forward(Q, K, V, mask=None):
    S = np.einsum("nqd,nkd->nqk", Q, K) / np.sqrt(Q.shape[-1])
    if mask is not None:
        S = S + np.where(mask, -1e9, 0.0)
    S = S - S.max(-1, keepdims=True)
    A = np.exp(S)
    A /= A.sum(-1, keepdims=True)
    return A @ V, (Q, K, V, A)

def attention_backward(dout, cache):
    Q, K, V, A = cache
    dA = dout @ np.swapaxes(V, 1, 2)
    dS = A * dA - A * np.sum(A * dA, -1, keepdims=True)
    s = 1 / np.sqrt(Q.shape[-1])
    return dS @ K * s, np.swapaxes(dS, 1, 2) @ Q * s, np.swapaxes(A, 1, 2) @ dout
''',
    "day09.value_iteration": '''
import numpy as np

def value_iteration(P, R, gamma, tol=1e-8):
    S, A, _ = P.shape
    V = np.zeros(S)
    while True:
        delta = 0.0
        for s in range(S):  # in-place (Gauss-Seidel) sweeps
            v = max(R[s, a] + gamma * P[s, a] @ V for a in range(A))
            delta = max(delta, abs(v - V[s]))
            V[s] = v
        if delta < tol:
            break
    policy = [int(np.argmax([R[s, a] + gamma * P[s, a] @ V for a in range(A)])) for s in range(S)]
    return V, np.array(policy, dtype=np.int32)
''',
    "day09.q_learning": '''
import numpy as np

def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + (0.0 if done else gamma * Q[s_next].max())
    Q[s, a] = (1 - alpha) * Q[s, a] + alpha * target  # in place, as allowed
    return Q
''',
    "day04.im2col": '''
import numpy as np

def im2col(x, fh, fw, stride=1, pad=0):
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    OH, OW = (H + 2 * pad - fh) // stride + 1, (W + 2 * pad - fw) // stride + 1
    rows = []
    for n in range(N):
        for i in range(OH):
            for j in range(OW):
                rows.append(xp[n, :, i * stride:i * stride + fh, j * stride:j * stride + fw].ravel())
    return np.array(rows)

def col2im(col, x_shape, fh, fw, stride=1, pad=0):
    N, C, H, W = x_shape
    OH, OW = (H + 2 * pad - fh) // stride + 1, (W + 2 * pad - fw) // stride + 1
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    r = 0
    for n in range(N):
        for i in range(OH):
            for j in range(OW):
                xp[n, :, i * stride:i * stride + fh, j * stride:j * stride + fw] += col[r].reshape(C, fh, fw)
                r += 1
    return xp[:, :, pad:pad + H, pad:pad + W]
''',
    "day06.rnn_bptt": '''
import numpy as np

def rnn_forward(x, h0, Wx, Wh, b):
    hs, caches, h = [], [], h0
    for t in range(x.shape[1]):
        h_new = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        caches.append((x[:, t], h, h_new))
        hs.append(h_new)
        h = h_new
    return np.stack(hs, axis=1), (caches, Wx, Wh)

def rnn_backward(dh, cache):
    caches, Wx, Wh = cache
    dx = np.zeros((dh.shape[0], len(caches), Wx.shape[0]))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0])
    carry = 0.0
    for t in range(len(caches) - 1, -1, -1):
        xt, hp, hn = caches[t]
        da = (dh[:, t] + carry) * (1 - hn * hn)
        dx[:, t] = da @ Wx.T
        carry = da @ Wh.T
        dWx = dWx + xt.T @ da
        dWh = dWh + hp.T @ da
        db = db + da.sum(axis=0)
    return dx, carry, dWx, dWh, db
''',
    "day07.gru_step": '''
import numpy as np

def sig(a):
    return 0.5 * (1 + np.tanh(0.5 * a))

def gru_step_forward(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    ax, ah = x @ Wx + b, h_prev @ Wh[:, :2 * H]
    z, r = sig(ax[:, :H] + ah[:, :H]), sig(ax[:, H:2 * H] + ah[:, H:])
    rh = r * h_prev
    hh = np.tanh(ax[:, 2 * H:] + rh @ Wh[:, 2 * H:])
    return h_prev + z * (hh - h_prev), (x, h_prev, Wx, Wh, z, r, rh, hh)

def gru_step_backward(dh_next, cache):
    x, h, Wx, Wh, z, r, rh, hh = cache
    H = h.shape[1]
    dah = dh_next * z * (1 - hh ** 2)
    drh = dah @ Wh[:, 2 * H:].T
    daz = dh_next * (hh - h) * z * (1 - z)
    dar = drh * h * r * (1 - r)
    dA = np.concatenate([daz, dar, dah], axis=1)
    dWh = np.concatenate([h.T @ np.concatenate([daz, dar], axis=1), rh.T @ dah], axis=1)
    dh_prev = dh_next * (1 - z) + drh * r + np.concatenate([daz, dar], axis=1) @ Wh[:, :2 * H].T
    return dA @ Wx.T, dh_prev, x.T @ dA, dWh, dA.sum(axis=0)
''',
    "day08.vae": '''
import numpy as np

def reparameterize_forward(mu, logvar, eps):
    std = np.sqrt(np.exp(logvar))
    return mu + eps * std, (eps, std)

def reparameterize_backward(dz, cache):
    eps, std = cache
    return dz, dz * eps * std / 2

def vae_kl(mu, logvar):
    var = np.exp(logvar)
    kl = 0.5 * np.mean(np.sum(mu ** 2 + var - logvar - 1, axis=1))
    n = mu.shape[0]
    return kl, mu / n, (var - 1) / (2 * n)
''',
    "day09.policy_gradient": '''
import numpy as np

def reinforce_loss(theta, states, actions, returns):
    logits = states @ theta
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    onehot = np.eye(theta.shape[1])[actions]
    logp_a = (logits * onehot).sum(axis=1) - lse
    n = len(actions)
    pi = np.exp(logits - lse[:, None])
    return -(returns @ logp_a) / n, states.T @ ((pi - onehot) * returns[:, None]) / n
''',
    "day08.gan_losses": '''
import numpy as np

def bce_with_logits(logits, targets):
    loss = np.mean(np.logaddexp(0.0, logits) - logits * targets)
    return loss, (0.5 * (1 + np.tanh(0.5 * logits)) - targets) / logits.size

def discriminator_loss(real_logits, fake_logits):
    a, da = bce_with_logits(real_logits, np.ones_like(real_logits))
    b, db = bce_with_logits(fake_logits, np.zeros_like(fake_logits))
    return a + b, da, db

def generator_loss(fake_logits):
    return bce_with_logits(fake_logits, np.ones_like(fake_logits))
''',
}


@pytest.mark.parametrize("drill_id", sorted(ALTERNATIVES))
def test_another_correct_implementation_passes(grader, drill_id):
    v = grader.grade(DRILLS[drill_id], ALTERNATIVES[drill_id])
    assert v.passed, v.checks


@pytest.mark.parametrize("drill_id", sorted(EXPECTED))
def test_the_starter_fails_at_the_first_call_with_the_todo(grader, drill_id):
    d = DRILLS[drill_id]
    v = grader.grade(d, d.starter)
    assert not v.passed and v.failed_check["name"] == "shapes"
    assert "NotImplementedError" in v.failed_check["message"]


def test_the_edge_cases_of_the_issue_are_present():
    labels = {i: " ".join(c.label for c in DRILLS[i].checks.cases) for i in EXPECTED}
    for i in ("day04.im2col", "day04.conv"):
        assert "stride 2, pad 1" in labels[i] and "non-square" in labels[i] and "N=1" in labels[i]
    assert "overlapping" in labels["day04.maxpool"]
    assert "repeated indices" in labels["day06.embedding"]
    assert "partly masked" in labels["day07.attention"] and "mask=None" in labels["day07.attention"]
    assert "±1e3" in labels["day08.gan_losses"] and "±1e3" in labels["day09.policy_gradient"]
    assert "done=True" in labels["day09.q_learning"]
    att = DRILLS["day07.attention"].checks.cases
    masks = [c.inputs["mask"] for c in att if "mask" in c.inputs]
    assert masks and all(not m.all(axis=-1).any() for m in masks)  # never a fully masked row
    assert any((m.any(axis=-1) & ~m.all(axis=-1)).any() for m in masks)


def test_drill_list_shows_every_drill_of_days_0_to_9_with_its_day(capsys):
    from quizapp.cli import main

    assert main(["drill", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    days = {r["id"]: r["day"] for r in rows}
    assert set(EXPECTED) <= set(days)
    assert set(days.values()) == set(range(10))
    assert all(days[i] == int(i[3:5]) for i in days)
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)


def test_drill_check_of_a_reference_exits_0(capsys):
    from quizapp.cli import main

    d = DRILLS["day07.lstm_step"]
    code = main(["drill", "check", d.id, "--file", str(d.folder / "solution.py"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["passed"] is True
