#!/usr/bin/python3
# make-reference.py — PyTorch reference fixture for the C U-Net, Adam and losses (the llm.c way).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run with Debian's python3-torch:  /usr/bin/python3 tests/reference/make-reference.py
# Writes tests/reference/unet-fixture.bin, read by tests/nn/test-reference.c. CI does not need
# PyTorch; only regenerating the fixture does.
#
# The network (bench/torch_unet.py, the benchmark's own module) is the U-Net at depth 2,
# width 4, on a 2×1×32×32 batch. Its initial weights are the C code's: splitmix64 and the
# Glorot-uniform fill of src/nn/nn-rng.c / nn-unet.c, re-implemented here bit for bit, in the
# C layout (Keras's), then permuted into PyTorch's. The C test checks that its own init equals
# the fixture's "init" exactly, so a drift in either implementation is caught.
#
# Fixture format (little endian): the 8 bytes "LBFX0001", then records until the end of the
# file: u32 name length, the name (UTF-8, no terminator), u32 count, count float32 values.
# Every weight-shaped record is the flat C parameter array (C layout, C tensor order).
import math
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench"))
from torch_losses import KINDS, loss, preset  # noqa: E402
from torch_unet import UNet  # noqa: E402

SIZE, WIDTH, DEPTH, BATCH = 32, 4, 2, 2
SEED_INIT, SEED_DATA = 2024, 7
LR, ADAM_STEPS = 1e-3, 3
STEP_LOSS = ("dice-bce", "poster")  # the loss the Adam steps train with
M64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & M64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 40) * 2.0 ** -24  # exact in float and double

    def symmetric(self, count, limit):
        # (float) (limit · (2u − 1)) in double, as nn_rng_fill_symmetric
        return np.array([limit * (2.0 * self.uniform() - 1.0) for _ in range(count)],
                        dtype=np.float32)


def c_tensors(model):
    """(name, kind, C shape, torch parameter) in the C order, which is the state_dict order."""
    out = []
    for name, p in model.state_dict(keep_vars=True).items():
        if name.endswith(".bias"):
            kind, shape = "bias", tuple(p.shape)
        elif name.startswith("head."):
            kind, shape = "conv1x1", (p.shape[1], p.shape[0])           # [ci][co]
        elif ".up." in name:
            kind, shape = "tconv", (p.shape[0], 2, 2, p.shape[1])       # [ci][2][2][co]
        else:
            kind, shape = "conv3x3", (3, 3, p.shape[1], p.shape[0])     # [3][3][ci][co]
        out.append((name, kind, shape, p))
    return out


def c_to_torch(kind, a):
    if kind == "conv3x3":
        return a.transpose(3, 2, 0, 1)
    if kind == "tconv":
        return a.transpose(0, 3, 1, 2)
    if kind == "conv1x1":
        return a.transpose(1, 0)[:, :, None, None]
    return a


def torch_to_c(kind, t, shape):
    a = t.detach().cpu().numpy()
    if kind == "conv3x3":
        a = a.transpose(2, 3, 1, 0)
    elif kind == "tconv":
        a = a.transpose(0, 2, 3, 1)
    elif kind == "conv1x1":
        a = a[:, :, 0, 0].transpose(1, 0)
    return np.ascontiguousarray(a, dtype=np.float32).reshape(shape)


def glorot_init(tensors, seed):
    rng = SplitMix64(seed)
    flat = []
    for _name, kind, shape, _p in tensors:
        count = math.prod(shape)
        if kind == "bias":
            flat.append(np.zeros(count, np.float32))
            continue
        if kind == "conv3x3":
            fan_in, fan_out = 9.0 * shape[2], 9.0 * shape[3]
        elif kind == "tconv":
            fan_in, fan_out = 4.0 * shape[3], 4.0 * shape[0]
        else:
            fan_in, fan_out = float(shape[0]), float(shape[1])
        flat.append(rng.symmetric(count, math.sqrt(6.0 / (fan_in + fan_out))))
    return np.concatenate(flat)


def load_flat(model, tensors, flat):
    at = 0
    with torch.no_grad():
        for _name, kind, shape, p in tensors:
            n = math.prod(shape)
            p.copy_(torch.from_numpy(c_to_torch(kind, flat[at:at + n].reshape(shape)).copy()))
            at += n


def grads_flat(tensors):
    return np.concatenate([torch_to_c(k, p.grad, s).reshape(-1) for _n, k, s, p in tensors])


def params_flat(tensors):
    return np.concatenate([torch_to_c(k, p, s).reshape(-1) for _n, k, s, p in tensors])


def make_data():
    """Images uniform in [-1, 1) from splitmix64; masks: one disc per image."""
    rng = SplitMix64(SEED_DATA)
    images = np.array([2.0 * rng.uniform() - 1.0 for _ in range(BATCH * SIZE * SIZE)],
                      dtype=np.float32).reshape(BATCH, 1, SIZE, SIZE)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    masks = np.stack([((yy - 12 - 6 * i) ** 2 + (xx - 15 + 4 * i) ** 2 < (8 + 2 * i) ** 2)
                      for i in range(BATCH)]).astype(np.float32).reshape(BATCH, 1, SIZE, SIZE)
    # images see the discs, so the masks are learnable and the logits not pure noise
    images = np.clip(images * 0.5 + masks * 0.8, -1, 1).astype(np.float32)
    return images, masks


def loss_and_grad(kind, preset_name, logits, masks):
    """Value and d loss / d logit in float64 (torch_losses' advice for references)."""
    z = logits.detach().double().clone().requires_grad_(True)
    value = loss(kind, z, masks.double(), **preset(kind, preset_name))
    value.backward()
    return float(value), z.grad.float()


def main():
    torch.set_num_threads(1)
    model = UNet(WIDTH, DEPTH)
    tensors = c_tensors(model)
    init = glorot_init(tensors, SEED_INIT)
    load_flat(model, tensors, init)
    images, masks = make_data()
    x, y = torch.from_numpy(images), torch.from_numpy(masks)

    records = [("config", np.array([SIZE, WIDTH, DEPTH, BATCH, SEED_INIT, LR], np.float32)),
               ("images", images), ("masks", masks), ("init", init)]

    logits = model(x)
    records.append(("logits", logits.detach().numpy()))
    for preset_name in ("poster", "literature"):
        for kind in KINDS:
            value, grad = loss_and_grad(kind, preset_name, logits, y)
            records.append((f"loss/{preset_name}/{kind}/value", np.array([value], np.float32)))
            records.append((f"loss/{preset_name}/{kind}/grad", grad.numpy()))

    # Parameter gradients for the step loss's logit gradient.
    _, dlogits = loss_and_grad(*STEP_LOSS, logits, y)
    records.append(("dlogits", dlogits.numpy()))
    model.zero_grad()
    logits.backward(dlogits)
    records.append(("grads", grads_flat(tensors)))

    # Keras Adam (nn-adam.h), in float32, on the same batch, ADAM_STEPS times from the init.
    load_flat(model, tensors, init)
    params = [p for _n, _k, _s, p in tensors]
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-7
    one_minus_b1 = torch.tensor(1.0, dtype=torch.float32) - torch.tensor(b1, dtype=torch.float32)
    one_minus_b2 = torch.tensor(1.0, dtype=torch.float32) - torch.tensor(b2, dtype=torch.float32)
    for t in range(1, ADAM_STEPS + 1):
        model.zero_grad()
        logits = model(x)
        _, dl = loss_and_grad(*STEP_LOSS, logits, y)
        logits.backward(dl)
        alpha = float(np.float32(LR * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)))
        with torch.no_grad():
            for p, mi, vi in zip(params, m, v):
                g = p.grad
                mi += (g - mi) * one_minus_b1
                vi += (g * g - vi) * one_minus_b2
                p -= alpha * mi / (torch.sqrt(vi) + eps)
    records.append((f"adam{ADAM_STEPS}", params_flat(tensors)))

    path = os.path.join(HERE, "unet-fixture.bin")
    with open(path, "wb") as f:
        f.write(b"LBFX0001")
        for name, a in records:
            a = np.ascontiguousarray(a, dtype="<f4").reshape(-1)
            f.write(struct.pack("<I", len(name)) + name.encode())
            f.write(struct.pack("<I", a.size) + a.tobytes())
    print(f"wrote {path}: {os.path.getsize(path)} bytes, {len(records)} records, "
          f"{init.size} parameters")


if __name__ == "__main__":
    main()
