//! Data association: gating, assignment, GNN and JPDA (in progress).
