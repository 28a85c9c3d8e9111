#!/usr/bin/env python3
"""PyTorch eager beside `batchwise generate` on the same checkpoint, threads and prompt.

Prefill: one forward pass over a prompt of --prompt-len tokens (tokens/s). Decode: --decode steps of one
token per sequence with a KV cache grown by torch.cat, as Hugging Face's eager decoders do (tokens/s,
all sequences). The torch modules are tools/make_transformer_fixtures.py's, written to Hugging Face's
architectures; the weights are the checkpoint's, widened to float32 (so a bf16 checkpoint runs in
float32 in torch, as the issue's 'PyTorch float32 decode' anchor asks).

Run with the anchors' environment: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 ...
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(ROOT, "tools", "make_transformer_fixtures.py"))
fx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fx)


def attend(q, k, v, causal_offset):
    scores = (q @ k.transpose(-1, -2)) * q.shape[-1] ** -0.5
    if q.shape[-2] > 1:
        length, total = q.shape[-2], k.shape[-2]
        allowed = torch.ones(length, total, dtype=torch.bool).tril(causal_offset)
        scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
    return F.softmax(scores, dim=-1) @ v


def gpt2_step(model, ids, start, past):
    t = model.transformer
    positions = torch.arange(start, start + ids.shape[1])[None].expand_as(ids)
    x = t.wte(ids) + t.wpe(positions)
    present = []
    for i, block in enumerate(t.h):
        q, k, v = block.attn.c_attn(block.ln_1(x)).split(x.shape[-1], dim=2)
        q, k, v = (fx.split_heads(z, block.attn.heads) for z in (q, k, v))
        if past:
            k, v = torch.cat([past[i][0], k], -2), torch.cat([past[i][1], v], -2)
        present.append((k, v))
        x = x + block.attn.c_proj(fx.merge_heads(attend(q, k, v, start)))
        x = x + block.mlp(block.ln_2(x))
    return F.linear(t.ln_f(x[:, -1:]), t.wte.weight), present


def llama_step(model, ids, start, past):
    m = model.model
    positions = torch.arange(start, start + ids.shape[1])[None].expand_as(ids)
    cos, sin = fx.rope_cos_sin(positions, m.layers[0].self_attn.head_dim, model.cfg["rope_theta"])
    x = m.embed_tokens(ids)
    present = []
    for i, layer in enumerate(m.layers):
        a = layer.self_attn
        h = layer.input_layernorm(x)
        q = fx.apply_rope(fx.split_heads(a.q_proj(h), a.heads), cos, sin)
        k = fx.apply_rope(fx.split_heads(a.k_proj(h), a.kv_heads), cos, sin)
        v = fx.split_heads(a.v_proj(h), a.kv_heads)
        if past:
            k, v = torch.cat([past[i][0], k], -2), torch.cat([past[i][1], v], -2)
        present.append((k, v))
        rep = a.heads // a.kv_heads
        out = attend(q, fx.repeat_kv(k, rep), fx.repeat_kv(v, rep), start)
        x = x + a.o_proj(fx.merge_heads(out))
        x = x + layer.mlp(layer.post_attention_layernorm(x))
    return model.lm_head(m.norm(x[:, -1:])), present


@torch.no_grad()
def torch_run(model, step, prompt, batch, decode):
    ids = torch.tensor([prompt] * batch)
    t0 = time.perf_counter()
    logits, past = step(model, ids, 0, None)
    prefill = time.perf_counter() - t0
    token = logits.argmax(-1)
    t0 = time.perf_counter()
    for s in range(decode):
        logits, past = step(model, token, len(prompt) + s, past)
        token = logits.argmax(-1)
    return prefill, time.perf_counter() - t0


def batchwise_run(args, prompt, batch, weights):
    command = [*args.batchwise, "generate", "--model", args.model, "--prompt-ids", ",".join(map(str, prompt)),
               "--max-new-tokens", str(args.decode + 1), "--batch", str(batch), "--print-ids", "--runs", str(args.runs)]
    if weights:
        command += ["--weights", weights]
    env = dict(os.environ, BATCHWISE_THREADS=str(args.threads))
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    prefill = re.search(r"prefill: \d+ tokens in ([\d.]+) ms", done.stderr)
    decode = re.search(r"decode: \d+ tokens in ([\d.]+) ms", done.stderr)
    return float(prefill.group(1)) / 1e3, float(decode.group(1)) / 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--batchwise", default="batchwise", help="command that runs the batchwise tool")
    parser.add_argument("--prompt-len", type=int, default=512)
    parser.add_argument("--decode", type=int, default=128)
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bf16", action="store_true", help="also time Batchwise on model-bf16.safetensors")
    args = parser.parse_args()
    args.batchwise = args.batchwise.split()
    torch.set_num_threads(args.threads)

    cfg = json.load(open(os.path.join(args.model, "config.json")))
    model = fx.MODEL_CLASSES[cfg["model_type"]](cfg).eval()
    model.cfg = cfg
    model.load_state_dict(fx.load_weights(os.path.join(args.model, "model.safetensors")), strict=False)
    step = gpt2_step if cfg["model_type"] == "gpt2" else llama_step
    prompt = fx.random_prompt(torch.Generator().manual_seed(7), args.prompt_len, cfg["vocab_size"])

    print("workload | PyTorch eager tokens/s | Batchwise tokens/s | ratio")
    for batch in args.batch:
        runs = [torch_run(model, step, prompt, batch, args.decode) for _ in range(args.runs)]
        torch_prefill, torch_decode = min(r[0] for r in runs), min(r[1] for r in runs)
        for weights in [None, "model-bf16.safetensors"] if args.bf16 else [None]:
            bw_prefill, bw_decode = batchwise_run(args, prompt, batch, weights)
            tag = " bf16" if weights else ""
            tp, bp = batch * len(prompt) / torch_prefill, batch * len(prompt) / bw_prefill
            td, bd = batch * args.decode / torch_decode, batch * args.decode / bw_decode
            print(f"prefill {len(prompt)} batch {batch}{tag} | {tp:.0f} | {bp:.0f} | {bp / tp:.2f}")
            print(f"decode {args.decode} batch {batch}{tag} | {td:.1f} | {bd:.1f} | {bd / td:.2f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
