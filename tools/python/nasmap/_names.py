"""Names and codes of the benchmark's dimensions, shared by every layer (no file offsets here)."""

DATASETS = ('cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120')
HPS = ('01', '12', '90', '200')
HP_EPOCHS = (1, 12, 90, 200)
SPLITS = ('train', 'x-valid', 'x-test', 'ori-test')
METRICS = ('loss', 'accuracy', 'top5', 'time')
SPACES = ('tss', 'sss')
SOURCE_KINDS = ('unknown', 'nats-archive', 'nats-single', 'nb201-pth')

CIFAR10_VALID, CIFAR10, CIFAR100, IMAGENET16_120 = range(4)
TRAIN, X_VALID, X_TEST, ORI_TEST = range(4)
LOSS, ACCURACY, TOP5, TIME = range(4)
SPACE_TOPOLOGY, SPACE_SIZE = range(2)

# flags of a (architecture, hp, dataset) group
GROUP_FLAG_FLOPS_DISAGREE = 1
GROUP_FLAG_PARAMS_DISAGREE = 2

# status codes of per-trial and per-group evaluations (a result tuple otherwise)
OK = 0
ERR_EPOCH = 1
ERR_MISSING = 2
ERR_TIME = 3
ERR_SEED = 4
ERR_EMPTY = 5
ERR_TIME_TYPE = 6
