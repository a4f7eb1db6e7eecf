"""Text helpers shared by every stage: tokens (jieba), sentence spans, normal forms for comparison."""
