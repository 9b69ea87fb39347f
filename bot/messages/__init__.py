"""The message catalog: one module per feature, each a MESSAGES dict of key -> {"en": …, "zh-CN": …}."""
