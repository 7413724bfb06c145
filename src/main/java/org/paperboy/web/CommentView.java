package org.paperboy.web;

import org.paperboy.community.Comment;

/** A comment as the paper page shows it: its depth in the thread and its body rendered to safe HTML. */
public record CommentView(Comment comment, int depth, String html) {}
