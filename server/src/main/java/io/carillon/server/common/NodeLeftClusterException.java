package io.carillon.server.common;

/**
 * A change needs this node's scheduler, which has shut down: the node drained and left the cluster.
 * Another node can take the request (503: the client may retry elsewhere).
 */
public class NodeLeftClusterException extends CarillonException {
  private static final long serialVersionUID = 1L;

  public NodeLeftClusterException(String message) {
    super(message);
  }
}
