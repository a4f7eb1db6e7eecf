"""Tiny Hugging Face models the tests build from a config (no downloads): a BERT encoder for the
sentence-transformers path and a BERT cross-encoder for the reranker stage."""

from __future__ import annotations

from pathlib import Path

CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"


def _vocab(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *dict.fromkeys(CHARS), *"0123456789%，。？"]
    path = folder / "vocab.txt"
    path.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    return path


def _config(vocab_size: int, **kw):  # type: ignore[no-untyped-def]
    from transformers import BertConfig

    return BertConfig(vocab_size=vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                      intermediate_size=64, max_position_embeddings=256, **kw)


def build_tiny_encoder(folder: Path) -> Path:
    import torch
    from transformers import BertModel, BertTokenizerFast

    torch.manual_seed(0)
    vocab = _vocab(folder)
    tokenizer = BertTokenizerFast(vocab_file=str(vocab), tokenize_chinese_chars=True)
    BertModel(_config(tokenizer.vocab_size)).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_tiny_cross_encoder(folder: Path) -> Path:
    import torch
    from transformers import BertForSequenceClassification, BertTokenizerFast

    torch.manual_seed(0)
    vocab = _vocab(folder)
    tokenizer = BertTokenizerFast(vocab_file=str(vocab), tokenize_chinese_chars=True)
    BertForSequenceClassification(_config(tokenizer.vocab_size, num_labels=1)).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
