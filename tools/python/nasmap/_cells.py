"""Topology cell strings ('|op~0|+|op~0|op~1|+|op~0|op~1|op~2|'): lists, matrix, isomorphism key."""

import numpy as np

TSS_OPS = ('none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3')


def str2lists(arch_str):
    """'|op~0|+|op~0|op~1|+...' -> [((op, 0),), ((op, 0), (op, 1)), ...] (upstream's str2lists)."""
    out = []
    for node in arch_str.split('+'):
        inputs = [x for x in node.split('|') if x != '']
        for x in inputs:
            assert len(x.split('~')) == 2, f'invalid input length : {x}'
        out.append(tuple((op, int(i)) for op, i in (x.split('~') for x in inputs)))
    return out


def str2matrix(arch_str, search_space=TSS_OPS):
    """The cell as a NAS-Bench-101-style float matrix: entry [i + 1, j] the index of the op from node j to
    node i + 1 (upstream's str2matrix)."""
    nodes = arch_str.split('+')
    matrix = np.zeros((len(nodes) + 1, len(nodes) + 1))
    for i, node in enumerate(nodes):
        inputs = [x for x in node.split('|') if x != '']
        for x in inputs:
            assert len(x.split('~')) == 2, f'invalid input length : {x}'
        for x in inputs:
            op, j = x.split('~')
            if op not in search_space:
                raise ValueError(f'this op ({op}) is not in {search_space}')
            matrix[i + 1, int(j)] = search_space.index(op)
    return matrix


def unique_str(arch_str):
    """The key shared by isomorphic cells: each node as the sorted '+'-join of its inputs, where a `none`
    edge (or an input that is itself zero) is '#', a skip_connect is its input's key, any other op is
    '(' + input key + ')@op' (upstream's to_unique_str(consider_zero=True))."""
    nodes = {0: '0'}
    lists = str2lists(arch_str)
    for i, node in enumerate(lists):
        parts = []
        for op, xin in node:
            if op == 'none' or nodes[xin] == '#':
                parts.append('#')
            elif op == 'skip_connect':
                parts.append(nodes[xin])
            else:
                parts.append('(' + nodes[xin] + ')@' + op)
        nodes[i + 1] = '+'.join(sorted(parts))
    return nodes[len(lists)]
