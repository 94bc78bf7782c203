#!/usr/bin/python3
# torch-weights.py — load Lossbench's weights.safetensors into bench/torch_unet.py's UNet and
# check that PyTorch computes the same logits as the C code did.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: torch-weights.py WEIGHTS INPUT.f32 LOGITS.f32 N SIZE
# Reads the file with struct + json only (no safetensors package), as any user could.
# Prints the largest relative difference; exits 0 when it is within 1e-4, 77 without torch.
import json
import os
import struct
import sys

try:
    import torch
except ImportError:
    print("PyTorch is not installed")
    sys.exit(77)

sys.path.insert(0, os.path.join(os.environ["LB_SOURCE_DIR"], "bench"))
from torch_unet import UNet  # noqa: E402

weights, input_path, logits_path, n, size = sys.argv[1:6]
n, size = int(n), int(size)

blob = open(weights, "rb").read()
header_length = struct.unpack("<Q", blob[:8])[0]
header = json.loads(blob[8:8 + header_length])
meta = header.pop("__metadata__")
data = blob[8 + header_length:]
state = {}
for name, entry in header.items():
    assert entry["dtype"] == "F32", name
    begin, end = entry["data_offsets"]
    values = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
    state[name] = values.reshape(entry["shape"])

net = UNet(width=int(meta["base_width"]), depth=int(meta["depth"]))
net.load_state_dict(state, strict=True)
net.eval()

x = torch.frombuffer(bytearray(open(input_path, "rb").read()), dtype=torch.float32)
want = torch.frombuffer(bytearray(open(logits_path, "rb").read()), dtype=torch.float32)
with torch.no_grad():
    got = net(x.reshape(n, 1, size, size)).reshape(-1)
scale = want.abs().max().item()
error = (got - want).abs().max().item() / max(scale, 1e-12)
print("max relative difference %.3g over %d logits (scale %.3g, spread %.3g)"
      % (error, want.numel(), scale, (want.max() - want.min()).item()))
# Logits that do not vary (a dead network) would prove nothing.
assert (want.max() - want.min()).item() > 1e-3 * max(scale, 1e-12), "constant logits"
sys.exit(0 if error < 1e-4 else 1)
