"""The page parser's stages: rules, lines, segmentation into posts, questions, comments, threads."""
