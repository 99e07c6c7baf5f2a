/**
 * The syntax tree of kubectl's JSONPath templates, node for node as client-go's
 * util/jsonpath/node.go declares them (ListNode, TextNode, FieldNode, ArrayNode, FilterNode,
 * IntNode, FloatNode, BoolNode, WildcardNode, RecursiveNode, UnionNode, IdentifierNode).
 */

export interface ListNode {
  type: 'list';
  nodes: Node[];
}

/** One bound of `[start:end:step]`; `derived` marks the end of `[i]`, which is i+1. */
export interface SliceParam {
  value: number;
  known: boolean;
  derived: boolean;
}

export type Node =
  | ListNode
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: [SliceParam, SliceParam, SliceParam] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; lists: ListNode[] }
  | { type: 'identifier'; name: string };

export const list = (): ListNode => ({ type: 'list', nodes: [] });
