package org.nasmap.writer.pickle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.nasmap.writer.pickle.Opcodes.*;

/**
 * A safe unpickler for plain data (pickle protocols 0 to 5). It builds plain Java values and never
 * looks up or runs anything a pickle names:
 * <ul>
 *   <li>dict and OrderedDict: {@link java.util.LinkedHashMap}{@code <Object, Object>}</li>
 *   <li>list: {@link java.util.ArrayList}; tuple: {@link PyTuple}</li>
 *   <li>set and frozenset: {@link java.util.LinkedHashSet}</li>
 *   <li>str: String; int: Long (BigInteger when it does not fit); float: Double; bool: Boolean;
 *       None: null; bytes and bytearray: byte[]</li>
 *   <li>numpy scalar: Double for float dtypes, Long for int, uint and bool dtypes</li>
 *   <li>torch tensor (with a {@link PersistentLoader}): double[] in row-major order, Double when 0-d</li>
 * </ul>
 * Only the globals of {@link PickleGlobal} are accepted; the torch ones only when a persistent
 * loader is installed. Everything else, and every malformed or hostile input, fails with a
 * {@link PickleException} naming the file.
 *
 * <p>Limits: at most {@value #MAX_MARKS} open MARKs, {@value #MAX_STACK} stack entries and
 * containers nested {@value #MAX_NESTING} deep; strings and bytes up to
 * {@link PickleInput#MAX_LENGTH}; memo indices below 2^31 and at most {@link Memo#MAX_JUMP} beyond
 * the highest one in use; protocol at most 5.
 *
 * <p>Streaming: see {@link #stream(String, EntryStreamer)}.
 */
public final class Unpickler
{
    /** Most MARKs open at once. */
    public static final int MAX_MARKS = 1000;
    /** Most entries on the stack. */
    public static final int MAX_STACK = 1 << 20;
    /** Deepest nesting of containers (tuple, list, dict, set). */
    public static final int MAX_NESTING = 1000;
    /** Streamed entries during which the memo keeps an entry's unreferenced leaves. */
    public static final int DEFAULT_RETAIN_RECORDS = 32;

    private static final int NAME_LINE = 1024;
    private static final int NUMBER_LINE = 1 << 16;
    private static final RuntimeException STOP_SIGNAL = new RuntimeException("stop", null, false, false)
    {
        private static final long serialVersionUID = 1L;
    };

    private final PickleInput in;
    private final String file;
    private PersistentLoader persistentLoader;
    private String streamKey;
    private EntryStreamer streamer;

    private Object[] stack = new Object[256];
    private int sp;
    private int[] marks = new int[32];
    private int markCount;
    private int fence;
    private final Memo memo = new Memo();
    private int protocol;
    private long opPos;
    private int op;
    private boolean stopped;

    private PyDict streamed;
    private int streamedAt = -1;
    private int probeSp = -1;
    private long streamedCount;
    private HashSet<Object> seenLeaves;
    private int retainRecords = DEFAULT_RETAIN_RECORDS;
    private long[] emissionEnds;
    private long lastEnd;
    private long emissions;
    private final Memo.Retainer keepLeaves = (v, referenced) -> !isContainer(v);
    private final Memo.Retainer retainer = this::retain;
    private final Failure failure = this::fail;

    /**
     * @param in the input, positioned at the start of a pickle.
     */
    public Unpickler(final PickleInput in)
    {
        this.in = in;
        this.file = in.name();
    }

    /**
     * Installs the resolver of persistent ids (torch storages). It also allows the torch globals.
     *
     * @param loader the resolver.
     * @return this.
     */
    public Unpickler persistentLoader(final PersistentLoader loader)
    {
        this.persistentLoader = loader;
        return this;
    }

    /**
     * Streams the entries of the dict stored under {@code key} in the top-level dict (for example
     * {@code arch2infos}): each entry goes to {@code streamer} instead of into the dict, which stays
     * empty, so memory stays bounded by one entry.
     *
     * <p>An entry {@code (k, v)} counts as complete when the next int key is pushed right after it
     * in the same MARK frame while {@code k} is an int and {@code v} a dict (CPython batches
     * SETITEMS by 1,000 entries, so entries would otherwise pile up on the stack), or when the
     * frame's SETITEMS / SETITEM arrives. Should a later opcode still reach back into an emitted
     * entry, the parse fails with a stack underflow instead of silently losing data.
     *
     * <p>Memory: after each emission the memo forgets the mutable containers (dict, list, set) the
     * entry created. Its leaves (strings, numbers, tuples of leaves) stay referable while the next
     * {@link #retainRecords(int)} entries (default {@value #DEFAULT_RETAIN_RECORDS}) are parsed,
     * since later entries reference shared strings such as {@code 'cifar10-valid'}; after that, a
     * leaf stays only if it was referenced meanwhile or is the first leaf of its value, so an object
     * shared by all entries stays while per-entry strings are dropped. Globals and dtypes always
     * stay. A later reference to a forgotten entry fails with a {@link MemoReleasedException}.
     *
     * @param key      the top-level key whose dict value is streamed.
     * @param streamer receives the entries.
     * @return this.
     */
    public Unpickler stream(final String key, final EntryStreamer streamer)
    {
        this.streamKey = key;
        this.streamer = streamer;
        return this;
    }

    /**
     * @param entries for how many streamed entries the memo keeps an entry's unreferenced leaves
     *                (at least 1); more tolerates sharing between entries further apart, at the
     *                cost of memory (about 10,000 leaves per NATS-Bench topology entry).
     * @return this.
     */
    public Unpickler retainRecords(final int entries)
    {
        if (entries < 1)
        {
            throw new IllegalArgumentException("retainRecords must be at least 1: " + entries);
        }
        this.retainRecords = entries;
        return this;
    }

    /** @return true when the streamer asked to stop at {@link EntryStreamer#begin}. */
    public boolean stopped()
    {
        return stopped;
    }

    /** @return the number of entries handed to the streamer. */
    public long streamedCount()
    {
        return streamedCount;
    }

    /** @return memo entries currently kept (for tests of bounded memory). */
    public int liveMemoCount()
    {
        return memo.liveCount();
    }

    /** @return the protocol the pickle declared (0 when it has no PROTO). */
    public int protocol()
    {
        return protocol;
    }

    /**
     * Reads one pickle, up to and including its STOP.
     *
     * @return the pickled value; null when the streamer stopped the parse (see {@link #stopped()}).
     * @throws IOException a {@link PickleException} when the pickle is malformed or refused; or what
     *                     the streamer or the persistent loader threw.
     */
    public Object load() throws IOException
    {
        try
        {
            return run();
        }
        catch (final RuntimeException ex)
        {
            if (ex == STOP_SIGNAL)
            {
                stopped = true;
                return null;
            }
            throw ex;
        }
    }

    private Object run() throws IOException
    {
        final PickleInput in = this.in;
        while (true)
        {
            opPos = in.position();
            final int op;
            if (in.pos < in.limit)
            {
                op = in.buf[in.pos++] & 0xFF;
            }
            else
            {
                op = in.read();
            }
            this.op = op;
            switch (op)
            {
                case BINFLOAT:
                {
                    in.require(8, "BINFLOAT");
                    final long bits = bigEndianLong(in.buf, in.pos);
                    in.pos += 8;
                    push(Double.longBitsToDouble(bits));
                    break;
                }
                case BININT1:
                {
                    in.require(1, "BININT1");
                    pushInt(Scalars.SMALL_LONGS[in.buf[in.pos++] & 0xFF]);
                    break;
                }
                case BININT2:
                {
                    in.require(2, "BININT2");
                    final int v = (in.buf[in.pos] & 0xFF) | (in.buf[in.pos + 1] & 0xFF) << 8;
                    in.pos += 2;
                    pushInt(v < Scalars.SMALL_LONGS.length ? Scalars.SMALL_LONGS[v] : Long.valueOf(v));
                    break;
                }
                case BININT:
                {
                    in.require(4, "BININT");
                    final int v = littleEndianInt(in.buf, in.pos);
                    in.pos += 4;
                    pushInt(v >= 0 && v < Scalars.SMALL_LONGS.length ? Scalars.SMALL_LONGS[v] : Long.valueOf(v));
                    break;
                }
                case SHORT_BINUNICODE:
                {
                    in.require(1, "SHORT_BINUNICODE");
                    final int len = in.buf[in.pos++] & 0xFF;
                    in.require(len, "SHORT_BINUNICODE");
                    push(new String(in.buf, in.pos, len, StandardCharsets.UTF_8));
                    in.pos += len;
                    break;
                }
                case MEMOIZE:
                    memoPut(memo.size());
                    break;
                case BINPUT:
                    in.require(1, "BINPUT");
                    memoPut(in.buf[in.pos++] & 0xFF);
                    break;
                case LONG_BINPUT:
                {
                    in.require(4, "LONG_BINPUT");
                    final long idx = littleEndianInt(in.buf, in.pos) & 0xFFFF_FFFFL;
                    in.pos += 4;
                    memoPut(idx);
                    break;
                }
                case BINGET:
                    in.require(1, "BINGET");
                    memoGet(in.buf[in.pos++] & 0xFF);
                    break;
                case LONG_BINGET:
                {
                    in.require(4, "LONG_BINGET");
                    final long idx = littleEndianInt(in.buf, in.pos) & 0xFFFF_FFFFL;
                    in.pos += 4;
                    memoGet(idx);
                    break;
                }
                case MARK:
                    mark();
                    break;
                case SETITEMS:
                    setItems();
                    break;
                case SETITEM:
                    setItem();
                    break;
                case APPEND:
                    append();
                    break;
                case APPENDS:
                    appends();
                    break;
                case EMPTY_DICT:
                    push(new PyDict());
                    if (streamKey != null && streamed == null)
                    {
                        tryArm();
                    }
                    break;
                case EMPTY_LIST:
                    push(new PyList());
                    break;
                case EMPTY_TUPLE:
                    push(PyTuple.EMPTY);
                    break;
                case EMPTY_SET:
                    push(new PySet(false));
                    break;
                case TUPLE1:
                    tupleN(1);
                    break;
                case TUPLE2:
                    tupleN(2);
                    break;
                case TUPLE3:
                    tupleN(3);
                    break;
                case TUPLE:
                {
                    final int k = popMark();
                    push(tuple(k));
                    break;
                }
                case LIST:
                {
                    final int k = popMark();
                    final PyList list = new PyList(sp - k);
                    for (int i = k; i < sp; i++)
                    {
                        Containers.addToList(list, stack[i], failure);
                        stack[i] = null;
                    }
                    sp = k;
                    push(list);
                    break;
                }
                case DICT:
                {
                    final int k = popMark();
                    if (((sp - k) & 1) != 0)
                    {
                        throw fail("DICT with an odd number of items");
                    }
                    final PyDict dict = new PyDict();
                    for (int i = k; i < sp; i += 2)
                    {
                        Containers.putInDict(dict, stack[i], stack[i + 1], failure);
                        stack[i] = null;
                        stack[i + 1] = null;
                    }
                    sp = k;
                    push(dict);
                    break;
                }
                case ADDITEMS:
                    addItems();
                    break;
                case FROZENSET:
                {
                    final int k = popMark();
                    final PySet set = new PySet(true);
                    for (int i = k; i < sp; i++)
                    {
                        Containers.addToSet(set, stack[i], failure);
                        stack[i] = null;
                    }
                    sp = k;
                    push(set);
                    break;
                }
                case NONE:
                    push(null);
                    break;
                case NEWTRUE:
                    push(Boolean.TRUE);
                    break;
                case NEWFALSE:
                    push(Boolean.FALSE);
                    break;
                case SHORT_BINBYTES:
                {
                    in.require(1, "SHORT_BINBYTES");
                    final int len = in.buf[in.pos++] & 0xFF;
                    push(in.readBytes(len, "SHORT_BINBYTES"));
                    break;
                }
                case BINBYTES:
                    push(in.readBytes(readUnsigned4("BINBYTES"), "BINBYTES"));
                    break;
                case BINBYTES8:
                    push(in.readBytes(readLong8("BINBYTES8"), "BINBYTES8"));
                    break;
                case BYTEARRAY8:
                    push(in.readBytes(readLong8("BYTEARRAY8"), "BYTEARRAY8"));
                    break;
                case BINUNICODE:
                    push(readUtf8(readUnsigned4("BINUNICODE"), "BINUNICODE"));
                    break;
                case BINUNICODE8:
                    push(readUtf8(readLong8("BINUNICODE8"), "BINUNICODE8"));
                    break;
                case SHORT_BINSTRING:
                {
                    in.require(1, "SHORT_BINSTRING");
                    final int len = in.buf[in.pos++] & 0xFF;
                    push(Scalars.decodeStrict(in.readBytes(len, "SHORT_BINSTRING"), "SHORT_BINSTRING", failure));
                    break;
                }
                case BINSTRING:
                {
                    in.require(4, "BINSTRING");
                    final int len = littleEndianInt(in.buf, in.pos);
                    in.pos += 4;
                    if (len < 0)
                    {
                        throw fail("BINSTRING with negative length " + len);
                    }
                    push(Scalars.decodeStrict(in.readBytes(len, "BINSTRING"), "BINSTRING", failure));
                    break;
                }
                case LONG1:
                {
                    in.require(1, "LONG1");
                    final int len = in.buf[in.pos++] & 0xFF;
                    pushInt(Scalars.decodeLong(in.readBytes(len, "LONG1")));
                    break;
                }
                case LONG4:
                {
                    in.require(4, "LONG4");
                    final int len = littleEndianInt(in.buf, in.pos);
                    in.pos += 4;
                    if (len < 0)
                    {
                        throw fail("LONG4 with negative length " + len);
                    }
                    pushInt(Scalars.decodeLong(in.readBytes(len, "LONG4")));
                    break;
                }
                case INT:
                    pushInt(Scalars.parseIntLine(Scalars.latin1(in.readLine(NUMBER_LINE, "INT")), false, failure));
                    break;
                case LONG:
                    pushInt(Scalars.parseIntLine(Scalars.latin1(in.readLine(NUMBER_LINE, "LONG")), true, failure));
                    break;
                case FLOAT:
                    push(Scalars.parseFloatLine(Scalars.latin1(in.readLine(NUMBER_LINE, "FLOAT")), failure));
                    break;
                case STRING:
                    push(Scalars.decodeStrict(Scalars.unquote(in.readLine(PickleInput.MAX_LENGTH, "STRING"), failure), "STRING", failure));
                    break;
                case UNICODE:
                    push(Scalars.rawUnicodeEscape(in.readLine(PickleInput.MAX_LENGTH, "UNICODE"), failure));
                    break;
                case PUT:
                    memoPut(parseIndexLine("PUT"));
                    break;
                case GET:
                    memoGet(parseIndexLine("GET"));
                    break;
                case POP:
                    if (markCount > 0 && marks[markCount - 1] == sp)
                    {
                        popMark();
                    }
                    else
                    {
                        pop();
                    }
                    break;
                case POP_MARK:
                {
                    final int k = popMark();
                    clear(k);
                    break;
                }
                case DUP:
                    push(peek());
                    break;
                case GLOBAL:
                {
                    final String module = Scalars.decodeStrict(in.readLine(NAME_LINE, "GLOBAL module"), "GLOBAL", failure);
                    final String name = Scalars.decodeStrict(in.readLine(NAME_LINE, "GLOBAL name"), "GLOBAL", failure);
                    push(resolveGlobal(module, name));
                    break;
                }
                case STACK_GLOBAL:
                {
                    final Object name = pop();
                    final Object module = pop();
                    if (!(module instanceof String) || !(name instanceof String))
                    {
                        throw fail("STACK_GLOBAL needs two strings, got " + Values.typeName(module) + " and " + Values.typeName(name));
                    }
                    push(resolveGlobal((String)module, (String)name));
                    break;
                }
                case REDUCE:
                {
                    final Object args = pop();
                    final Object callable = peek();
                    stack[sp - 1] = Calls.call(callable, args, failure);
                    break;
                }
                case NEWOBJ:
                {
                    final Object args = pop();
                    final Object cls = peek();
                    stack[sp - 1] = Calls.newObject(cls, args, failure);
                    break;
                }
                case NEWOBJ_EX:
                {
                    final Object kwargs = pop();
                    final Object args = pop();
                    final Object cls = peek();
                    if (!(kwargs instanceof Map) || !((Map<?, ?>)kwargs).isEmpty())
                    {
                        throw fail("NEWOBJ_EX with keyword arguments is not supported");
                    }
                    stack[sp - 1] = Calls.newObject(cls, args, failure);
                    break;
                }
                case BUILD:
                {
                    final Object state = pop();
                    Calls.build(peek(), state, failure);
                    break;
                }
                case BINPERSID:
                    push(persistent(pop()));
                    break;
                case PERSID:
                    push(persistent(Scalars.decodeStrict(in.readLine(NAME_LINE, "PERSID"), "PERSID", failure)));
                    break;
                case PROTO:
                {
                    in.require(1, "PROTO");
                    final int v = in.buf[in.pos++] & 0xFF;
                    if (v > HIGHEST_PROTOCOL)
                    {
                        throw fail("unsupported pickle protocol " + v + " (this reader handles 0 to " + HIGHEST_PROTOCOL + ")");
                    }
                    protocol = v;
                    break;
                }
                case FRAME:
                {
                    final long len = readLong8("FRAME");
                    final long remaining = in.remainingKnown();
                    if (len < 0 || (remaining >= 0 && len > remaining))
                    {
                        throw fail("FRAME of " + Long.toUnsignedString(len) + " bytes exceeds the " +
                            (remaining >= 0 ? remaining + " bytes left" : "limit"));
                    }
                    break;
                }
                case STOP:
                    return pop();
                case INST:
                case OBJ:
                case EXT1:
                case EXT2:
                case EXT4:
                    throw fail("pickle opcode " + Opcodes.name(op) + " is not supported: it builds arbitrary objects");
                case NEXT_BUFFER:
                case READONLY_BUFFER:
                    throw fail("pickle opcode " + Opcodes.name(op) + " is not supported: out-of-band buffers are refused");
                case -1:
                    throw new PickleException("truncated pickle (file: " + file + "): the stream ends at position " + opPos +
                        " before STOP");
                default:
                    throw new PickleException("unknown pickle opcode 0x" + hex2(op) + " at position " + opPos + " (file: " + file + ")");
            }
        }
    }

    // ------------------------------------------------------------------ stack

    private void push(final Object o) throws PickleException
    {
        if (sp == stack.length)
        {
            growStack();
        }
        stack[sp++] = o;
    }

    private void pushInt(final Object o) throws IOException
    {
        push(o);
        if (sp == probeSp)
        {
            probeStream();
        }
    }

    private void growStack() throws PickleException
    {
        if (stack.length >= MAX_STACK)
        {
            throw fail("pickle stack deeper than " + MAX_STACK + " entries");
        }
        stack = java.util.Arrays.copyOf(stack, Math.min(MAX_STACK, stack.length * 2));
    }

    private Object pop() throws PickleException
    {
        if (sp <= fence)
        {
            throw underflow();
        }
        final Object o = stack[--sp];
        stack[sp] = null;
        return o;
    }

    private Object peek() throws PickleException
    {
        if (sp <= fence)
        {
            throw underflow();
        }
        return stack[sp - 1];
    }

    private void mark() throws PickleException
    {
        if (markCount == MAX_MARKS)
        {
            throw fail("more than " + MAX_MARKS + " nested MARKs (nesting too deep)");
        }
        if (markCount == marks.length)
        {
            marks = java.util.Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = sp;
        fence = sp;
    }

    private int popMark() throws PickleException
    {
        if (markCount == 0)
        {
            throw fail(Opcodes.name(op) + " without a MARK");
        }
        final int k = marks[--markCount];
        fence = markCount > 0 ? marks[markCount - 1] : 0;
        return k;
    }

    private void clear(final int k)
    {
        for (int i = k; i < sp; i++)
        {
            stack[i] = null;
        }
        sp = k;
    }

    private PickleException underflow()
    {
        final String hint = streamed != null && fence == streamedAt + 1 ?
            "; an '" + streamKey + "' entry was taken as complete too early: its dict value seems to get a single int key later" : "";
        return fail("pickle stack underflow (" + Opcodes.name(op) + " needs more items than the current MARK frame holds" + hint + ")");
    }

    private PickleException fail(final String message)
    {
        return new PickleException(message + " (file: " + file + ", position " + opPos + ")");
    }

    // ------------------------------------------------------------------ memo

    private void memoPut(final long index) throws PickleException
    {
        if (index > Integer.MAX_VALUE - 1)
        {
            throw fail("memo index " + index + " is too large");
        }
        if (!memo.put(index, peek()))
        {
            throw fail("memo index " + index + " lies more than " + Memo.MAX_JUMP + " beyond the indices in use");
        }
    }

    private void memoGet(final long index) throws IOException
    {
        final Object v = index > Integer.MAX_VALUE ? null : memo.get(index);
        if (v == null)
        {
            throw fail("memo reference " + index + " was never stored");
        }
        if (v == Memo.RELEASED)
        {
            throw new MemoReleasedException("memo entry " + index + " was released after streaming an earlier '" + streamKey +
                "' entry: the pickle shares it between entries further apart than the " + retainRecords +
                " entries streaming keeps leaves for, or shares a container; streaming does not support that (file: " + file +
                ", position " + opPos + ")");
        }
        push(v == Memo.NONE ? null : v);
    }

    // ------------------------------------------------------------------ containers

    private PyTuple tuple(final int k) throws PickleException
    {
        if (k == sp)
        {
            return PyTuple.EMPTY;
        }
        final Object[] items = java.util.Arrays.copyOfRange(stack, k, sp);
        clear(k);
        return Containers.checkedTuple(items, failure);
    }

    private void tupleN(final int n) throws PickleException
    {
        if (sp - n < fence)
        {
            throw underflow();
        }
        final Object[] items = java.util.Arrays.copyOfRange(stack, sp - n, sp);
        clear(sp - n);
        push(Containers.checkedTuple(items, failure));
    }

    private void append() throws PickleException
    {
        if (sp - 2 < fence)
        {
            throw underflow();
        }
        final Object target = stack[sp - 2];
        if (!(target instanceof PyList))
        {
            throw fail("APPEND to a " + Values.typeName(target));
        }
        Containers.addToList((PyList)target, stack[sp - 1], failure);
        stack[--sp] = null;
    }

    private void appends() throws PickleException
    {
        final int k = popMark();
        if (k - 1 < fence)
        {
            throw underflow();
        }
        final Object target = stack[k - 1];
        if (!(target instanceof PyList))
        {
            throw fail("APPENDS to a " + Values.typeName(target));
        }
        final PyList list = (PyList)target;
        list.ensureCapacity(list.size() + sp - k);
        for (int i = k; i < sp; i++)
        {
            Containers.addToList(list, stack[i], failure);
        }
        clear(k);
    }

    private void setItem() throws IOException
    {
        if (sp - 3 < fence)
        {
            throw underflow();
        }
        final Object target = stack[sp - 3];
        if (!(target instanceof PyDict))
        {
            throw fail("SETITEM on a " + Values.typeName(target));
        }
        final Object key = stack[sp - 2];
        final Object value = stack[sp - 1];
        clear(sp - 2);
        if (target == streamed)
        {
            emit(key, value);
            afterEmission();
        }
        else
        {
            Containers.putInDict((PyDict)target, key, value, failure);
        }
    }

    private void setItems() throws IOException
    {
        final int k = popMark();
        if (k - 1 < fence)
        {
            throw underflow();
        }
        final Object target = stack[k - 1];
        if (!(target instanceof PyDict))
        {
            throw fail("SETITEMS on a " + Values.typeName(target));
        }
        if (((sp - k) & 1) != 0)
        {
            throw fail("SETITEMS with an odd number of items");
        }
        final PyDict dict = (PyDict)target;
        if (dict == streamed)
        {
            final int end = sp;
            for (int i = k; i < end; i += 2)
            {
                final Object key = stack[i];
                final Object value = stack[i + 1];
                stack[i] = null;
                stack[i + 1] = null;
                emit(key, value);
            }
            sp = k;
            afterEmission();
            return;
        }
        for (int i = k; i < sp; i += 2)
        {
            Containers.putInDict(dict, stack[i], stack[i + 1], failure);
        }
        clear(k);
    }

    private void addItems() throws PickleException
    {
        final int k = popMark();
        if (k - 1 < fence)
        {
            throw underflow();
        }
        final Object target = stack[k - 1];
        if (!(target instanceof PySet) || ((PySet)target).frozen)
        {
            throw fail("ADDITEMS to a " + Values.typeName(target));
        }
        for (int i = k; i < sp; i++)
        {
            Containers.addToSet((PySet)target, stack[i], failure);
        }
        clear(k);
    }

    // ------------------------------------------------------------------ streaming

    private void tryArm() throws IOException
    {
        final int p = sp - 1;
        if (markCount != 1 || marks[0] != 1 || !(stack[0] instanceof PyDict) || p - 1 < 1 || ((p - 2) & 1) != 0 ||
            !streamKey.equals(stack[p - 1]))
        {
            return;
        }
        streamed = (PyDict)stack[p];
        streamedAt = p;
        probeSp = p + 4;
        seenLeaves = new HashSet<>();
        emissionEnds = new long[retainRecords];
        memo.freeze();
        lastEnd = memo.high();
        final Map<Object, Object> preceding = new LinkedHashMap<>((PyDict)stack[0]);
        for (int i = 1; i + 1 < p; i += 2)
        {
            preceding.put(stack[i], stack[i + 1]);
        }
        if (!streamer.begin(preceding))
        {
            throw STOP_SIGNAL;
        }
    }

    private void probeStream() throws IOException
    {
        final int f = streamedAt + 1;
        if (markCount > 0 && marks[markCount - 1] == f && stack[streamedAt] == streamed && stack[f] instanceof Long &&
            stack[f + 1] instanceof PyDict)
        {
            final Object key = stack[f];
            final Object value = stack[f + 1];
            stack[f] = stack[f + 2];
            stack[f + 1] = null;
            stack[f + 2] = null;
            sp = f + 1;
            emit(key, value);
            afterEmission();
        }
    }

    private void emit(final Object key, final Object value) throws IOException
    {
        streamedCount++;
        streamer.entry(key, value);
    }

    /**
     * Forgets the containers the emitted entries created, and the leaves of the entry
     * {@link #retainRecords} emissions back that nothing referenced.
     */
    private void afterEmission()
    {
        memo.releaseContainers(lastEnd, keepLeaves);
        final long end = memo.high();
        lastEnd = end;
        final int slot = (int)(emissions % retainRecords);
        if (emissions >= retainRecords)
        {
            memo.releaseBefore(emissionEnds[slot], retainer);
        }
        emissionEnds[slot] = end;
        emissions++;
    }

    private static boolean isContainer(final Object value)
    {
        return value != Memo.NONE && !(value instanceof PickleGlobal) && !(value instanceof NumpyDtype) && !Values.isLeaf(value);
    }

    private boolean retain(final Object value, final boolean referenced)
    {
        if (value == Memo.NONE || value instanceof PickleGlobal || value instanceof NumpyDtype)
        {
            return true;
        }
        if (!Values.isLeaf(value))
        {
            return false;
        }
        final boolean first = seenLeaves.add(value instanceof byte[] ? ByteBuffer.wrap((byte[])value) : value);
        return referenced || first;
    }

    // ------------------------------------------------------------------ globals and calls

    private PickleGlobal resolveGlobal(final String module, final String name) throws PickleException
    {
        final PickleGlobal g = PickleGlobal.resolve(module, name);
        if (g == null)
        {
            throw fail("pickle global " + module + "." + name + " is not allowed");
        }
        if (g.isTorch() && persistentLoader == null)
        {
            throw fail("pickle global " + module + "." + name + " is not allowed outside torch files");
        }
        return g;
    }

    private Object persistent(final Object pid) throws IOException
    {
        if (persistentLoader == null)
        {
            throw fail("persistent id " + Values.describe(pid) + " found, but persistent ids are only allowed in torch files");
        }
        return persistentLoader.load(pid);
    }

    // ------------------------------------------------------------------ scalars and text

    private long readUnsigned4(final String what) throws IOException
    {
        in.require(4, what);
        final long v = littleEndianInt(in.buf, in.pos) & 0xFFFF_FFFFL;
        in.pos += 4;
        return v;
    }

    private long readLong8(final String what) throws IOException
    {
        in.require(8, what);
        final long v = Long.reverseBytes(bigEndianLong(in.buf, in.pos));
        in.pos += 8;
        return v;
    }

    private String readUtf8(final long len, final String what) throws IOException
    {
        in.checkLength(len, what);
        final int n = (int)len;
        if (n <= in.buf.length)
        {
            in.require(n, what);
            final String s = new String(in.buf, in.pos, n, StandardCharsets.UTF_8);
            in.pos += n;
            return s;
        }
        return new String(in.readBytes(n, what), StandardCharsets.UTF_8);
    }

    private long parseIndexLine(final String what) throws IOException
    {
        final String s = Scalars.latin1(in.readLine(NUMBER_LINE, what)).trim();
        try
        {
            final long v = Long.parseLong(s);
            if (v < 0)
            {
                throw fail(what + " index " + v + " is negative");
            }
            return v;
        }
        catch (final NumberFormatException ex)
        {
            throw fail(what + " argument '" + Values.describe(s) + "' is not an index");
        }
    }

    private static String hex2(final int b)
    {
        final String h = Integer.toHexString(b);
        return h.length() == 1 ? "0" + h : h;
    }

    static int littleEndianInt(final byte[] b, final int o)
    {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    static long bigEndianLong(final byte[] b, final int o)
    {
        return ((long)b[o] << 56) | ((long)(b[o + 1] & 0xFF) << 48) | ((long)(b[o + 2] & 0xFF) << 40) |
            ((long)(b[o + 3] & 0xFF) << 32) | ((long)(b[o + 4] & 0xFF) << 24) | ((b[o + 5] & 0xFF) << 16) |
            ((b[o + 6] & 0xFF) << 8) | (b[o + 7] & 0xFF);
    }
}
