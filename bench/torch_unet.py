#!/usr/bin/python3
# torch_unet.py — the Lossbench U-Net in PyTorch, and its benchmark at PyTorch's best settings here.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The module's state_dict names are exactly the C tensor names (src/nn/nn-unet.h):
#   downL.conv1.weight … bottleneck.conv2.bias … upL.up.weight … head.bias
# in PyTorch's own weight layout, so weights the engine exports load with load_state_dict.
# tests/reference/make-reference.py imports UNet from here, so the fixture and the benchmark
# measure one definition.
#
# Benchmark (run with Debian's /usr/bin/python3 and python3-torch 1.13):
#   bench/torch_unet.py [--config poster|quick|tiny] [--json] [--steps N]
# Settings, measured best on this machine kind (docs/performance.md): 2 threads
# (torch.set_num_threads; it defaults to 1 here), OPENBLAS_NUM_THREADS=1 (else its threads fight
# PyTorch's), channels_last memory format, oneDNN (mkldnn) on.
import os
import sys

# Before torch loads OpenBLAS.
if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, c):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, c, 3, padding=1)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return F.relu(self.conv2(F.relu(self.conv1(x))))


class Up(nn.Module):
    def __init__(self, cin, c):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, c, 2, stride=2)
        self.conv1 = nn.Conv2d(2 * c, c, 3, padding=1)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x, skip):
        # [up, skip], as the C code and the poster's Keras model concatenate
        x = torch.cat([self.up(x), skip], dim=1)
        return F.relu(self.conv2(F.relu(self.conv1(x))))


class UNet(nn.Module):
    def __init__(self, width=32, depth=4):
        super().__init__()
        self.depth = depth
        cin = 1
        for level in range(1, depth + 1):
            c = width << (level - 1)
            setattr(self, f"down{level}", Block(cin, c))
            cin = c
        self.bottleneck = Block(cin, width << depth)
        for level in range(depth, 0, -1):
            setattr(self, f"up{level}", Up(width << level, width << (level - 1)))
        self.head = nn.Conv2d(width, 1, 1)

    def forward(self, x):
        skips = []
        for level in range(1, self.depth + 1):
            x = getattr(self, f"down{level}")(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for level in range(self.depth, 0, -1):
            x = getattr(self, f"up{level}")(x, skips[level - 1])
        return self.head(x)


def flops_per_image(size, width, depth):
    """Forward FLOPs of the convolutions, counted as nn_unet_flops_per_image counts them."""
    total, cin = 0.0, 1
    for level in range(depth):
        c, px = width << level, (size >> level) ** 2
        total += 18.0 * cin * c * px + 18.0 * c * c * px
        cin = c
    cb, pxb = width << depth, (size >> depth) ** 2
    total += 18.0 * cin * cb * pxb + 18.0 * cb * cb * pxb
    for level in range(depth):
        c, px = width << level, (size >> level) ** 2
        total += 2.0 * 2 * c * c * px + 18.0 * 2 * c * c * px + 18.0 * c * c * px
    return total + 2.0 * width * size * size


CONFIGS = {"poster": (256, 32), "quick": (128, 16), "tiny": (64, 8)}


def dice_bce(z, y):
    p = torch.sigmoid(z)
    tp = (p * y).sum()
    dice = 1 - (2 * tp + 1e-6) / (p.sum() + y.sum() + 1e-6)
    return F.binary_cross_entropy_with_logits(z, y) + dice


def peak_rss_bytes():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def bench(config, steps, batch=16, threads=2):
    import statistics
    import time
    torch.set_num_threads(threads)
    torch.backends.mkldnn.enabled = True
    torch.manual_seed(0)
    size, width = CONFIGS[config]
    net = UNet(width, 4).to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(net.parameters(), lr=2e-4, eps=1e-7)
    x = torch.rand(batch, 1, size, size).to(memory_format=torch.channels_last) * 2 - 1
    yy, xx = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    y = (((yy - size / 2) ** 2 + (xx - size / 2) ** 2) < (size / 3) ** 2).float()
    y = y.expand(batch, 1, size, size).contiguous(memory_format=torch.channels_last)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = dice_bce(net(x), y)
        loss.backward()
        opt.step()

    def warm_up(f):
        # The first calls here are up to 30× slower for several seconds (oneDNN's kernel
        # creation, the allocator filling, thread start-up): warm up for 2 calls and 5 s.
        t0, calls = time.perf_counter(), 0
        while calls < 2 or time.perf_counter() - t0 < 5.0:
            f()
            calls += 1

    train, infer = [], []
    warm_up(train_step)
    cpu0 = time.process_time()  # user + system of all threads: images per CPU-second
    for _ in range(steps):
        t0 = time.perf_counter()
        train_step()
        train.append(time.perf_counter() - t0)
    train_cpu = time.process_time() - cpu0
    rss_train = peak_rss_bytes()
    net.eval()
    with torch.no_grad():
        warm_up(lambda: net(x))
        for _ in range(steps):
            t0 = time.perf_counter()
            net(x)
            infer.append(time.perf_counter() - t0)
    t_train, t_infer = statistics.median(train), statistics.median(infer)
    flops = flops_per_image(size, width, 4)
    return {
        "engine": "pytorch",
        "config": config,
        "size": size,
        "width": width,
        "batch": batch,
        "threads": threads,
        "steps": steps,
        "train_img_s": batch / t_train,
        "infer_img_s": batch / t_infer,
        "train_gflop_s": 3 * flops * batch / t_train / 1e9,
        "infer_gflop_s": flops * batch / t_infer / 1e9,
        "train_img_per_cpu_s": batch * steps / train_cpu,
        "peak_rss_bytes": rss_train,
        "torch": torch.__version__,
    }


def main():
    import argparse
    import json
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--config", choices=list(CONFIGS), default="quick")
    ap.add_argument("--steps", type=int, default=0, help="timed steps (default by config)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    steps = args.steps or {"poster": 3, "quick": 8, "tiny": 20}[args.config]
    r = bench(args.config, steps, threads=args.threads)
    if args.json:
        print(json.dumps(r))
    else:
        print(f"pytorch {r['config']}: train {r['train_img_s']:.2f} img/s "
              f"({r['train_gflop_s']:.1f} GFLOP/s), inference {r['infer_img_s']:.2f} img/s, "
              f"peak RSS {r['peak_rss_bytes'] / 1e6:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
