# day01.relu, the book's class-based Relu adapted to the functions, with the backward on a copy:
# a correct submission.
import numpy as np


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx


def relu_forward(x):
    layer = Relu()
    return layer.forward(x), layer


def relu_backward(dout, cache):
    return cache.backward(dout)
