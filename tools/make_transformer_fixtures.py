#!/usr/bin/python3
"""Writes reference fixtures for Batchwise's transformer end-to-end tests: tiny random GPT-2 and Llama
checkpoints in Hugging Face's layout, and the logits and greedy tokens PyTorch computes from them.

Run from the repository root with Debian's PyTorch and NumPy (no `transformers`, no `safetensors`):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/make_transformer_fixtures.py \
        [--out DIR] [--size tiny|gpt2-small|llama-small] [--threads N]

--size tiny (the default) writes gpt2-tiny/ and llama-tiny/ under tests/Batchwise.Tests/TestData/models/;
those are committed. gpt2-small and llama-small (about 124M parameters each, for benchmarks) default to
artifacts/models/, which git ignores, so that half a gigabyte of weights never lands in TestData (which the
test project copies to its output). Each model folder holds:

    config.json              Hugging Face GPT2Config / LlamaConfig fields
    model.safetensors        float32 weights, named as Hugging Face's GPT2LMHeadModel / LlamaForCausalLM
    model-bf16.safetensors   the same weights rounded to bfloat16 (round to nearest even)
    logits.npy               float32 (64, vocab): logits at every position of the 64-token prompt
    logits_bf16.npy          float32 (64, vocab): the same with the bf16-rounded weights, computed in float32
    batch_last_logits.npy    float32 (3, vocab): last-real-position logits of 3 prompts, each run alone
    reference.json           prompt, greedy continuation, padded batch (ids, mask, position ids), seeds,
                             versions, and which file holds what

Deterministic: weights, prompts and batch come from fixed seeds, and the forward pass runs on one thread
by default, so the same PyTorch build writes the same bytes. Every file is read back and checked before
the script reports success.
"""
import argparse
import json
import math
import os
import re
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

TINY_OUT = os.path.join("tests", "Batchwise.Tests", "TestData", "models")
LARGE_OUT = os.path.join("artifacts", "models")

# Seeds, recorded in reference.json. Each family's weights get their own seed, picked (by trying a few)
# so that the tiny models' greedy continuations are varied and free of near-ties; both are checked below.
WEIGHT_SEEDS = {"gpt2": 1, "llama": 1001}
PROMPT_SEED = 3003
BATCH_SEED = 4004

PROMPT_LENGTH = 64
GREEDY_TOKENS = 32
BATCH_LENGTHS = (20, 33, 64)
PAD_ID = 0

# Weights ~ N(0, 0.08), not Hugging Face's initializer_range of 0.02: at 0.02 the blocks' outputs are
# small next to the token embedding, and GPT-2's tied head then scores the current token highest, so
# greedy decoding repeats one token and would not exercise the decode loop.
INIT_STD = 0.08
BIAS_STD = 0.02          # nonzero biases, so a dropped or misplaced bias changes the logits
NORM_NOISE_STD = 0.1     # norm weights are 1 + noise: a norm that ignores its weight is caught

# Safety margins the script enforces, so that committed fixtures are not fragile.
MIN_GREEDY_MARGIN = 1e-4   # top-1 minus top-2 logit at each greedy step: far above float32 noise
MIN_GREEDY_DISTINCT = 8    # distinct tokens in the continuation: it must not collapse into one token
MAX_PADDED_DIFF = 1e-4     # padded-batch logits vs the same prompt alone


# ---------------------------------------------------------------------------------------------------
# Configurations

def gpt2_config(n_layer, n_embd, n_head, vocab_size, n_positions):
    """A GPT2Config as Hugging Face writes it to config.json (the fields a loader needs, plus defaults)."""
    return {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": vocab_size,
        "n_positions": n_positions,
        "n_ctx": n_positions,            # legacy alias that older GPT-2 configs still carry
        "n_embd": n_embd,
        "n_layer": n_layer,
        "n_head": n_head,
        "n_inner": None,                 # None means 4 * n_embd, as in Hugging Face
        "activation_function": "gelu_new",
        "layer_norm_epsilon": 1e-5,
        "initializer_range": INIT_STD,
        "scale_attn_weights": True,
        "scale_attn_by_inverse_layer_idx": False,
        "reorder_and_upcast_attn": False,
        "resid_pdrop": 0.0,
        "embd_pdrop": 0.0,
        "attn_pdrop": 0.0,
        "bos_token_id": vocab_size - 1,  # GPT-2's <|endoftext|> is the last id
        "eos_token_id": vocab_size - 1,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
    }


def llama_config(num_hidden_layers, hidden_size, num_attention_heads, num_key_value_heads,
                 intermediate_size, vocab_size, max_position_embeddings):
    """A LlamaConfig as Hugging Face writes it to config.json."""
    return {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "vocab_size": vocab_size,
        "hidden_size": hidden_size,
        "intermediate_size": intermediate_size,
        "num_hidden_layers": num_hidden_layers,
        "num_attention_heads": num_attention_heads,
        "num_key_value_heads": num_key_value_heads,
        "head_dim": hidden_size // num_attention_heads,
        "hidden_act": "silu",
        "max_position_embeddings": max_position_embeddings,
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "rope_scaling": None,
        "attention_bias": False,
        "mlp_bias": False,
        "attention_dropout": 0.0,
        "initializer_range": INIT_STD,
        "pretraining_tp": 1,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "tie_word_embeddings": False,
        "torch_dtype": "float32",
    }


# --size -> {model folder name: config}
SIZES = {
    "tiny": {
        "gpt2-tiny": gpt2_config(n_layer=2, n_embd=64, n_head=4, vocab_size=512, n_positions=128),
        "llama-tiny": llama_config(num_hidden_layers=2, hidden_size=64, num_attention_heads=4,
                                   num_key_value_heads=2, intermediate_size=128, vocab_size=512,
                                   max_position_embeddings=128),
    },
    "gpt2-small": {
        "gpt2-small": gpt2_config(n_layer=12, n_embd=768, n_head=12, vocab_size=50257, n_positions=1024),
    },
    "llama-small": {
        "llama-small": llama_config(num_hidden_layers=12, hidden_size=768, num_attention_heads=12,
                                    num_key_value_heads=4, intermediate_size=2048, vocab_size=32000,
                                    max_position_embeddings=2048),
    },
}


# ---------------------------------------------------------------------------------------------------
# Pieces shared by both architectures

def allowed_keys(attention_mask, length):
    """(B or 1, 1, L, L) booleans, True where a query may attend to a key: causal, and the key is real."""
    causal = torch.ones(length, length, dtype=torch.bool).tril()[None, None]
    if attention_mask is None:
        return causal
    return causal & attention_mask.bool()[:, None, None, :]


def default_position_ids(attention_mask, batch, length):
    """Hugging Face's position ids: 0..L-1, or with a mask, counted from the first real token.

    With left padding, generate() computes cumsum(mask) - 1 and writes 1 at pad positions (any value
    would do there: pad positions are masked as keys and their outputs are never read).
    """
    if attention_mask is None:
        return torch.arange(length).expand(batch, length)
    position_ids = attention_mask.long().cumsum(-1) - 1
    return position_ids.masked_fill(attention_mask == 0, 1)


def attend(q, k, v, allowed):
    """Scaled dot-product attention over (B, H, L, head_dim) tensors."""
    # GPT-2 divides by sqrt(head_dim) and Llama multiplies by head_dim ** -0.5; for the head dims used
    # here (16 and 64) both are exact powers of two, so the two spellings give the same bits.
    scores = (q @ k.transpose(-1, -2)) * q.shape[-1] ** -0.5
    # The most negative float rather than -inf, as Hugging Face does: a left-pad query row, which may
    # attend to no key at all, then gets a harmless uniform softmax instead of NaNs.
    scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
    return F.softmax(scores, dim=-1) @ v


def split_heads(x, heads):
    """(B, L, heads * head_dim) -> (B, heads, L, head_dim)."""
    b, length, width = x.shape
    return x.view(b, length, heads, width // heads).transpose(1, 2)


def merge_heads(x):
    """(B, heads, L, head_dim) -> (B, L, heads * head_dim)."""
    b, heads, length, head_dim = x.shape
    return x.transpose(1, 2).reshape(b, length, heads * head_dim)


# ---------------------------------------------------------------------------------------------------
# GPT-2 (names and layout of transformers' GPT2LMHeadModel)

class Conv1D(nn.Module):
    """GPT-2's 'Conv1D': a linear layer whose weight is stored (in, out) and applied as x @ W + b.

    This is the transpose of nn.Linear's (out, in) layout, and it is what the checkpoints hold.
    """

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_in, n_out))
        self.bias = nn.Parameter(torch.empty(n_out))

    def forward(self, x):
        # addmm, as Hugging Face's Conv1D, so the bias is added inside the same BLAS call.
        flat = torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight)
        return flat.view(*x.shape[:-1], self.weight.shape[1])


def gelu_new(x):
    """GELU, tanh approximation, written out as Hugging Face's NewGELUActivation ("gelu_new")."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class GPT2Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["n_embd"]
        self.heads = cfg["n_head"]
        self.c_attn = Conv1D(d, 3 * d)   # fused q, k, v: columns [0, d) are q, [d, 2d) k, [2d, 3d) v
        self.c_proj = Conv1D(d, d)

    def forward(self, x, allowed):
        q, k, v = self.c_attn(x).split(x.shape[-1], dim=2)
        out = attend(split_heads(q, self.heads), split_heads(k, self.heads), split_heads(v, self.heads), allowed)
        return self.c_proj(merge_heads(out))


class GPT2MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["n_embd"]
        inner = cfg["n_inner"] or 4 * d
        self.c_fc = Conv1D(d, inner)
        self.c_proj = Conv1D(inner, d)

    def forward(self, x):
        return self.c_proj(gelu_new(self.c_fc(x)))


class GPT2Block(nn.Module):
    """Pre-LayerNorm block: x + attn(ln_1(x)), then x + mlp(ln_2(x))."""

    def __init__(self, cfg):
        super().__init__()
        d, eps = cfg["n_embd"], cfg["layer_norm_epsilon"]
        self.ln_1 = nn.LayerNorm(d, eps=eps)
        self.attn = GPT2Attention(cfg)
        self.ln_2 = nn.LayerNorm(d, eps=eps)
        self.mlp = GPT2MLP(cfg)

    def forward(self, x, allowed):
        x = x + self.attn(self.ln_1(x), allowed)
        return x + self.mlp(self.ln_2(x))


class GPT2Model(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["n_embd"]
        self.wte = nn.Embedding(cfg["vocab_size"], d)
        self.wpe = nn.Embedding(cfg["n_positions"], d)
        self.h = nn.ModuleList(GPT2Block(cfg) for _ in range(cfg["n_layer"]))
        self.ln_f = nn.LayerNorm(d, eps=cfg["layer_norm_epsilon"])

    def forward(self, input_ids, attention_mask, position_ids):
        x = self.wte(input_ids) + self.wpe(position_ids)
        allowed = allowed_keys(attention_mask, input_ids.shape[1])
        for block in self.h:
            x = block(x, allowed)
        return self.ln_f(x)


class GPT2LMHeadModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.transformer = GPT2Model(cfg)

    def forward(self, input_ids, attention_mask=None, position_ids=None):
        if position_ids is None:
            position_ids = default_position_ids(attention_mask, *input_ids.shape)
        hidden = self.transformer(input_ids, attention_mask, position_ids)
        # Tied head: Hugging Face's lm_head.weight *is* wte.weight, so checkpoints store it only once;
        # using wte directly keeps lm_head.weight out of the state dict.
        return F.linear(hidden, self.transformer.wte.weight)


# ---------------------------------------------------------------------------------------------------
# Llama (names and layout of transformers' LlamaForCausalLM)

class LlamaRMSNorm(nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(d))
        self.eps = eps

    def forward(self, x):
        # As Hugging Face: normalise in float32, then scale (a no-op cast here, everything is float32).
        variance = x.float().pow(2).mean(-1, keepdim=True)
        return self.weight * (x.float() * torch.rsqrt(variance + self.eps)).to(x.dtype)


def rope_cos_sin(position_ids, head_dim, theta):
    """cos and sin, (B, L, head_dim), of Hugging Face's default RoPE.

    inv_freq[i] = 1 / theta^(2i / head_dim) for i < head_dim / 2; the angles are repeated for the two
    halves of the head dim (cat(freqs, freqs)), to pair with rotate_half.
    """
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    freqs = position_ids[..., None].float() * inv_freq
    angles = torch.cat((freqs, freqs), dim=-1)
    return angles.cos(), angles.sin()


def rotate_half(x):
    """cat(-x2, x1) over the two halves of the last axis (Hugging Face's convention, not interleaved pairs)."""
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rope(x, cos, sin):
    """x: (B, H, L, head_dim); cos, sin: (B, L, head_dim), broadcast over heads."""
    return x * cos[:, None] + rotate_half(x) * sin[:, None]


def repeat_kv(x, n_rep):
    """(B, kv_heads, L, hd) -> (B, kv_heads * n_rep, L, hd): query head h reads kv head h // n_rep."""
    b, kv_heads, length, head_dim = x.shape
    return x[:, :, None].expand(b, kv_heads, n_rep, length, head_dim).reshape(b, kv_heads * n_rep, length, head_dim)


class LlamaAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, self.head_dim = cfg["hidden_size"], cfg["head_dim"]
        self.heads, self.kv_heads = cfg["num_attention_heads"], cfg["num_key_value_heads"]
        self.q_proj = nn.Linear(d, self.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(d, self.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(d, self.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(self.heads * self.head_dim, d, bias=False)

    def forward(self, x, cos, sin, allowed):
        q = apply_rope(split_heads(self.q_proj(x), self.heads), cos, sin)
        k = apply_rope(split_heads(self.k_proj(x), self.kv_heads), cos, sin)
        v = split_heads(self.v_proj(x), self.kv_heads)
        n_rep = self.heads // self.kv_heads
        return self.o_proj(merge_heads(attend(q, repeat_kv(k, n_rep), repeat_kv(v, n_rep), allowed)))


class LlamaMLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, inner = cfg["hidden_size"], cfg["intermediate_size"]
        self.gate_proj = nn.Linear(d, inner, bias=False)
        self.up_proj = nn.Linear(d, inner, bias=False)
        self.down_proj = nn.Linear(inner, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))   # SwiGLU


class LlamaDecoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, eps = cfg["hidden_size"], cfg["rms_norm_eps"]
        self.self_attn = LlamaAttention(cfg)
        self.mlp = LlamaMLP(cfg)
        self.input_layernorm = LlamaRMSNorm(d, eps)
        self.post_attention_layernorm = LlamaRMSNorm(d, eps)

    def forward(self, x, cos, sin, allowed):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, allowed)
        return x + self.mlp(self.post_attention_layernorm(x))


class LlamaModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed_tokens = nn.Embedding(cfg["vocab_size"], cfg["hidden_size"])
        self.layers = nn.ModuleList(LlamaDecoderLayer(cfg) for _ in range(cfg["num_hidden_layers"]))
        self.norm = LlamaRMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])

    def forward(self, input_ids, attention_mask, position_ids):
        x = self.embed_tokens(input_ids)
        cos, sin = rope_cos_sin(position_ids, self.cfg["head_dim"], self.cfg["rope_theta"])
        allowed = allowed_keys(attention_mask, input_ids.shape[1])
        for layer in self.layers:
            x = layer(x, cos, sin, allowed)
        return self.norm(x)


class LlamaForCausalLM(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.model = LlamaModel(cfg)
        self.lm_head = nn.Linear(cfg["hidden_size"], cfg["vocab_size"], bias=False)   # untied

    def forward(self, input_ids, attention_mask=None, position_ids=None):
        if position_ids is None:
            position_ids = default_position_ids(attention_mask, *input_ids.shape)
        return self.lm_head(self.model(input_ids, attention_mask, position_ids))


MODEL_CLASSES = {"gpt2": GPT2LMHeadModel, "llama": LlamaForCausalLM}


def expected_names(cfg):
    """The checkpoint's tensor names, spelled out independently of the modules, to catch a misnamed one."""
    if cfg["model_type"] == "gpt2":
        per_layer = ["ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias", "attn.c_proj.weight",
                     "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
                     "mlp.c_proj.weight", "mlp.c_proj.bias"]
        names = ["transformer.wte.weight", "transformer.wpe.weight", "transformer.ln_f.weight", "transformer.ln_f.bias"]
        layers, prefix = cfg["n_layer"], "transformer.h."
    else:
        per_layer = ["input_layernorm.weight", "self_attn.q_proj.weight", "self_attn.k_proj.weight",
                     "self_attn.v_proj.weight", "self_attn.o_proj.weight", "post_attention_layernorm.weight",
                     "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight"]
        names = ["model.embed_tokens.weight", "model.norm.weight", "lm_head.weight"]
        layers, prefix = cfg["num_hidden_layers"], "model.layers."
    return set(names) | {"%s%d.%s" % (prefix, i, n) for i in range(layers) for n in per_layer}


def build_model(cfg, seed):
    """The model of cfg with deterministic random weights, in eval mode."""
    model = MODEL_CLASSES[cfg["model_type"]](cfg).eval()
    norm_weights = {id(m.weight) for m in model.modules() if isinstance(m, (nn.LayerNorm, LlamaRMSNorm))}
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():   # definition order: deterministic
            if id(p) in norm_weights:
                p.normal_(1.0, NORM_NOISE_STD)
            elif name.endswith(".bias"):
                p.normal_(0.0, BIAS_STD)
            else:
                p.normal_(0.0, INIT_STD)
    names = set(model.state_dict())
    if names != expected_names(cfg):
        raise AssertionError("state dict names differ from Hugging Face's: %s" % sorted(names ^ expected_names(cfg)))
    return model


# ---------------------------------------------------------------------------------------------------
# safetensors: https://github.com/huggingface/safetensors#format

SAFETENSORS_DTYPES = {torch.float32: ("F32", "<f4"), torch.bfloat16: ("BF16", "<u2")}
NUMPY_DTYPES = {name: np.dtype(descr) for name, descr in SAFETENSORS_DTYPES.values()}


def raw_array(t):
    """The tensor's elements as a little-endian NumPy array of the same bits."""
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        # NumPy has no bfloat16: the 16-bit patterns travel as uint16.
        return t.view(torch.int16).numpy().view(np.uint16).astype("<u2", copy=False)
    if t.dtype == torch.float32:
        return t.numpy().astype("<f4", copy=False)
    raise TypeError("no safetensors writer for %s" % t.dtype)


def write_safetensors(path, tensors):
    """Writes {name: tensor} as safetensors: an 8-byte little-endian header length, a JSON header padded
    with spaces to a multiple of 8 bytes, then the tensors' bytes back to back in name order."""
    names = sorted(tensors)
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name in names:
        t = tensors[name]
        size = t.numel() * t.element_size()
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype][0], "shape": list(t.shape),
                        "data_offsets": [offset, offset + size]}
        offset += size
    blob = json.dumps(header, separators=(",", ":")).encode("utf-8")
    blob += b" " * (-len(blob) % 8)   # as the reference writer: keeps the data 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for name in names:
            f.write(raw_array(tensors[name]).tobytes())


def read_safetensors(path):
    """Reads a safetensors file strictly: returns (metadata, {name: (dtype name, NumPy array of raw bits)})."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack_from("<Q", data, 0)
    if header_len % 8 or 8 + header_len > len(data):
        raise ValueError("%s: bad header length %d" % (path, header_len))
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    body = memoryview(data)[8 + header_len:]
    tensors, expected_begin = {}, 0
    for name in sorted(header, key=lambda n: header[n]["data_offsets"][0]):
        info = header[name]
        begin, end = info["data_offsets"]
        dtype = NUMPY_DTYPES[info["dtype"]]
        if begin != expected_begin or end - begin != int(np.prod(info["shape"], dtype=np.int64)) * dtype.itemsize:
            raise ValueError("%s: %s has offsets %s" % (path, name, info["data_offsets"]))
        tensors[name] = (info["dtype"], np.frombuffer(body[begin:end], dtype=dtype).reshape(info["shape"]))
        expected_begin = end
    if expected_begin != len(body):
        raise ValueError("%s: data is %d bytes, tensors cover %d" % (path, len(body), expected_begin))
    return metadata, tensors


def bf16_bits_to_f32(bits):
    """bfloat16 bit patterns (uint16) -> the float32 values they denote (the low 16 bits are zero)."""
    return (bits.astype("<u4") << 16).view("<f4")


def check_bf16_rounding():
    """torch's float32 -> bfloat16 must round to nearest, ties to even, which the C# side assumes."""
    f32 = np.array([0x3F808000, 0x3F818000, 0x3F808001, 0x3F7FFFFF], dtype="<u4").view("<f4")
    bits = raw_array(torch.from_numpy(f32.copy()).to(torch.bfloat16))
    # a tie rounds down to even, a tie rounds up to even, just above a tie rounds up (not truncation),
    # and rounding up carries into the exponent (just below 1.0 gives 1.0)
    assert bits.tolist() == [0x3F80, 0x3F82, 0x3F81, 0x3F80], [hex(b) for b in bits.tolist()]


def check_safetensors(path, state_dict, dtype):
    """Reads path back with read_safetensors and compares it bitwise with state_dict converted to dtype."""
    metadata, tensors = read_safetensors(path)
    assert metadata == {"format": "pt"}, metadata
    assert set(tensors) == set(state_dict), sorted(set(tensors) ^ set(state_dict))
    for name, t in state_dict.items():
        dtype_name, raw = tensors[name]
        assert dtype_name == SAFETENSORS_DTYPES[dtype][0] and list(raw.shape) == list(t.shape), name
        expected = t.to(dtype).float().numpy()   # bf16 -> f32 widening is exact
        got = raw if dtype == torch.float32 else bf16_bits_to_f32(raw)
        assert np.array_equal(got.view("<u4"), expected.view("<u4")), name


def load_weights(path):
    """The tensors of a safetensors file as float32 torch tensors (bf16 widened exactly)."""
    _, tensors = read_safetensors(path)
    return {name: torch.from_numpy((raw if kind == "F32" else bf16_bits_to_f32(raw)).copy())
            for name, (kind, raw) in tensors.items()}


# ---------------------------------------------------------------------------------------------------
# References

def random_prompt(generator, length, vocab_size):
    return torch.randint(0, vocab_size, (length,), generator=generator).tolist()


@torch.no_grad()
def prompt_logits(model, ids):
    """Logits (L, vocab) of one unpadded prompt."""
    return model(torch.tensor([ids]))[0]


def greedy(model, prompt, steps):
    """Argmax continuation, recomputing the whole forward pass each step (no KV cache to get wrong).

    Returns the new tokens and, per step, the gap between the best and second-best logit.
    """
    ids, margins = list(prompt), []
    for _ in range(steps):
        top2 = prompt_logits(model, ids)[-1].topk(2)
        margins.append(float(top2.values[0] - top2.values[1]))
        ids.append(int(top2.indices[0]))
    return ids[len(prompt):], margins


def left_pad(prompts, length, pad_id):
    ids = [[pad_id] * (length - len(p)) + p for p in prompts]
    mask = [[0] * (length - len(p)) + [1] * len(p) for p in prompts]
    return torch.tensor(ids), torch.tensor(mask)


@torch.no_grad()
def batch_reference(model, prompts, length):
    """Last-real-position logits of each prompt run alone, plus the padded batch that must reproduce them."""
    alone = torch.stack([prompt_logits(model, p)[-1] for p in prompts])
    ids, mask = left_pad(prompts, length, PAD_ID)
    position_ids = default_position_ids(mask, *ids.shape)
    padded = model(ids, attention_mask=mask, position_ids=position_ids)[:, -1]
    diff = float((padded - alone).abs().max())
    assert diff < MAX_PADDED_DIFF, "padded batch disagrees with prompts alone by %g" % diff
    return alone, ids, mask, position_ids, diff


def save_npy(path, tensor):
    array = tensor.detach().numpy().astype("<f4")
    np.save(path, array)
    assert np.array_equal(np.load(path).view("<u4"), array.view("<u4")), path


def write_checkpoint(folder, cfg, model):
    """Writes config.json and the float32 and bf16 safetensors, checks both bitwise against the model's
    state dict, and returns their paths."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    state_dict = {k: v.detach().clone() for k, v in model.state_dict().items()}
    f32_path, bf16_path = os.path.join(folder, "model.safetensors"), os.path.join(folder, "model-bf16.safetensors")
    write_safetensors(f32_path, state_dict)
    write_safetensors(bf16_path, {k: v.to(torch.bfloat16) for k, v in state_dict.items()})
    check_safetensors(f32_path, state_dict, torch.float32)
    check_safetensors(bf16_path, state_dict, torch.bfloat16)
    return f32_path, bf16_path


def write_model(folder, cfg, seed, prompt, batch_prompts):
    """Writes one model folder's weights and reference logits, and returns its reference.json dict."""
    model = build_model(cfg, seed)
    f32_path, bf16_path = write_checkpoint(folder, cfg, model)
    model.load_state_dict(load_weights(f32_path))   # references come from the weights as stored

    logits = prompt_logits(model, prompt)
    save_npy(os.path.join(folder, "logits.npy"), logits)

    tokens, margins = greedy(model, prompt, GREEDY_TOKENS)
    assert tokens[0] == int(logits[-1].argmax()), "greedy's first token is not the prompt logits' argmax"
    assert greedy(model, prompt, GREEDY_TOKENS)[0] == tokens, "greedy continuation is not reproducible"
    assert min(margins) > MIN_GREEDY_MARGIN, "near-tie in greedy decoding (%g): change a seed" % min(margins)
    assert len(set(tokens)) >= MIN_GREEDY_DISTINCT, "greedy continuation collapsed: %s" % tokens

    alone, ids, mask, position_ids, padded_diff = batch_reference(model, batch_prompts, PROMPT_LENGTH)
    save_npy(os.path.join(folder, "batch_last_logits.npy"), alone)

    bf16_model = MODEL_CLASSES[cfg["model_type"]](cfg).eval()
    bf16_model.load_state_dict(load_weights(bf16_path))
    logits_bf16 = prompt_logits(bf16_model, prompt)
    save_npy(os.path.join(folder, "logits_bf16.npy"), logits_bf16)

    return {
        "model": os.path.basename(folder),
        "model_type": cfg["model_type"],
        "generator": "tools/make_transformer_fixtures.py",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "seeds": {"weights": seed, "prompt": PROMPT_SEED, "batch": BATCH_SEED},
        "init": {"weight_std": INIT_STD, "bias_std": BIAS_STD, "norm_weight": "1 + N(0, %g)" % NORM_NOISE_STD},
        "files": {
            "config.json": "Hugging Face %s" % ("GPT2Config" if cfg["model_type"] == "gpt2" else "LlamaConfig"),
            "model.safetensors": "float32 weights, Hugging Face names",
            "model-bf16.safetensors": "the same weights rounded to bfloat16 (nearest even)",
            "logits.npy": "float32 (%d, vocab): logits at every position of prompt" % len(prompt),
            "logits_bf16.npy": "float32 (%d, vocab): logits of prompt with the bf16 weights, computed in float32"
                               % len(prompt),
            "batch_last_logits.npy": "float32 (%d, vocab): logits at the last token of each batch prompt, run alone"
                                     % len(batch_prompts),
        },
        "prompt": prompt,
        "prompt_position_ids": "0 .. %d" % (len(prompt) - 1),
        "greedy": {
            "steps": GREEDY_TOKENS,
            "tokens": tokens,
            "stops_at_eos": False,
            "min_top2_margin": min(margins),
            "note": "argmax of the last position's logits, appended, repeated; no early stop at eos",
        },
        "batch": {
            "lengths": [len(p) for p in batch_prompts],
            "prompts": batch_prompts,
            "padding_side": "left",
            "pad_id": PAD_ID,
            "input_ids": ids.tolist(),
            "attention_mask": mask.tolist(),
            "position_ids": position_ids.tolist(),
            "position_ids_note": "cumsum(mask) - 1 on real tokens (0 at each prompt's first token); "
                                 "1 at pad positions, as Hugging Face's generate(), where any value would do",
            "note": "real tokens may equal pad_id: the attention mask, not the ids, says what is padding",
            "last_logits_file": "batch_last_logits.npy",
            "padded_vs_alone_max_abs_diff": padded_diff,
        },
        "logits_max_abs": float(logits.abs().max()),
        "bf16_vs_f32_logits_max_abs_diff": float((logits_bf16 - logits).abs().max()),
    }


def write_json(path, obj):
    """Indented JSON with lists of numbers kept on one line, so token lists stay readable."""
    def inline(match):
        return "[" + ", ".join(item.strip() for item in match.group(1).split(",")) + "]"

    text = re.sub(r"\[([-0-9.e,\s]+)\]", inline, json.dumps(obj, indent=1))
    assert json.loads(text) == obj
    with open(path, "w") as f:
        f.write(text + "\n")


def file_sizes(folder):
    return {name: os.path.getsize(os.path.join(folder, name)) for name in sorted(os.listdir(folder))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--out", help="output folder (default %s for tiny, %s otherwise)" % (TINY_OUT, LARGE_OUT))
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (default 1: reproducible reductions, and gentle on shared machines)")
    args = parser.parse_args()
    out = args.out or (TINY_OUT if args.size == "tiny" else LARGE_OUT)
    torch.set_num_threads(args.threads)
    check_bf16_rounding()

    for name, cfg in SIZES[args.size].items():
        vocab = cfg["vocab_size"]
        prompt = random_prompt(torch.Generator().manual_seed(PROMPT_SEED), PROMPT_LENGTH, vocab)
        batch_generator = torch.Generator().manual_seed(BATCH_SEED)
        batch_prompts = [random_prompt(batch_generator, n, vocab) for n in BATCH_LENGTHS]

        folder = os.path.join(out, name)
        reference = write_model(folder, cfg, WEIGHT_SEEDS[cfg["model_type"]], prompt, batch_prompts)
        write_json(os.path.join(folder, "reference.json"), reference)

        sizes = file_sizes(folder)
        print("%s: %d files, %.1f KB in %s" % (name, len(sizes), sum(sizes.values()) / 1024, folder))
        for file, size in sizes.items():
            print("  %-24s %10d bytes" % (file, size))
        print("  greedy: %s (min top-2 margin %.3g)" % (reference["greedy"]["tokens"], reference["greedy"]["min_top2_margin"]))
        print("  padded vs alone max |diff| %.3g; bf16 vs f32 logits max |diff| %.3g (logits max |x| %.3g)"
              % (reference["batch"]["padded_vs_alone_max_abs_diff"], reference["bf16_vs_f32_logits_max_abs_diff"],
                 reference["logits_max_abs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
