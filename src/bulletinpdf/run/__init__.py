"""The run layer: the pipeline that knows the stages' order, forking, preflight, watch, new issue, e-mail."""
