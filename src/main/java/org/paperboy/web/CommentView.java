package org.paperboy.web;

import org.paperboy.community.Comment;

/** A comment as the paper page shows it, with its depth in the thread. */
public record CommentView(Comment comment, int depth) {}
