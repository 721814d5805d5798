package org.nasmap.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the {@code query} protocol: a strict RFC 8259 parser of one request line into a small tree, and
 * the compact writer of the answers. Hand-written (no parser library) so that every answer follows the
 * protocol's rules and wording exactly (see {@code QUERY-PROTOCOL.md} and the canonical case list
 * {@code query-protocol/cases.jsonl}), the same as the Python reader, and so that no parser's internal names
 * ever reach an answer; it also keeps the {@code query} cold start short.
 * <p>
 * The grammar is Python's {@code json} module's in strict mode: no NaN/Infinity, no comments, no trailing
 * commas, no raw control characters in strings, numbers as
 * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?} (a number ends where that pattern ends), whitespace
 * is space, tab, CR (and LF, which never occurs inside a line).
 */
final class QueryJson
{
    /** Deepest nesting of arrays and objects a request may have. */
    static final int MAX_DEPTH = 100;

    static final byte OBJECT = 0;
    static final byte ARRAY = 1;
    static final byte STRING = 2;
    static final byte NUMBER = 3;
    static final byte TRUE = 4;
    static final byte FALSE = 5;
    static final byte NULL = 6;

    /** A request line that is not what the protocol accepts; the message is the answer's error text. */
    static final class BadLine extends Exception
    {
        private static final long serialVersionUID = 1L;

        BadLine(final String message)
        {
            super(message, null, false, false);
        }
    }

    /** One parsed JSON value. */
    static final class Node
    {
        final byte kind;
        /** A string's value, a number's literal as written; null otherwise. */
        final String text;
        /** An object's members in document order; null otherwise. */
        final Map<String, Node> fields;
        /** An array's items; null otherwise. */
        final List<Node> items;

        Node(final byte kind, final String text, final Map<String, Node> fields, final List<Node> items)
        {
            this.kind = kind;
            this.text = text;
            this.fields = fields;
            this.items = items;
        }

        /** A number written without fraction or exponent. */
        boolean isInteger()
        {
            if (kind != NUMBER)
            {
                return false;
            }
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c == '.' || c == 'e' || c == 'E')
                {
                    return false;
                }
            }
            return true;
        }

        /** The value as compact JSON text: strings re-quoted, numbers as written, no spaces. */
        String json()
        {
            final StringBuilder b = new StringBuilder();
            appendJson(b);
            return b.toString();
        }

        private void appendJson(final StringBuilder b)
        {
            switch (kind)
            {
                case OBJECT ->
                {
                    b.append('{');
                    boolean first = true;
                    for (final Map.Entry<String, Node> e : fields.entrySet())
                    {
                        if (!first)
                        {
                            b.append(',');
                        }
                        first = false;
                        quote(b, e.getKey());
                        b.append(':');
                        e.getValue().appendJson(b);
                    }
                    b.append('}');
                }
                case ARRAY ->
                {
                    b.append('[');
                    for (int i = 0; i < items.size(); i++)
                    {
                        if (i > 0)
                        {
                            b.append(',');
                        }
                        items.get(i).appendJson(b);
                    }
                    b.append(']');
                }
                case STRING -> quote(b, text);
                case NUMBER -> b.append(text);
                case TRUE -> b.append("true");
                case FALSE -> b.append("false");
                default -> b.append("null");
            }
        }

        /** "an array", "a string", "a number", "true", "false", "null", "an object". */
        String kindName()
        {
            return switch (kind)
            {
                case OBJECT -> "an object";
                case ARRAY -> "an array";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case TRUE -> "true";
                case FALSE -> "false";
                default -> "null";
            };
        }
    }

    private static final BadLine INVALID = new BadLine("invalid JSON: expected one JSON object per line");

    private final char[] s;
    private final int end;
    private int pos;
    private String duplicate;

    private QueryJson(final char[] s, final int length)
    {
        this.s = s;
        this.end = length;
    }

    /**
     * Parses one request line by the protocol's rules, in their order: empty line, nesting depth, JSON syntax,
     * a non-object, content after the object, duplicate keys.
     *
     * @param line   the line's characters (without its newline).
     * @param length how many of them.
     * @return the request object.
     * @throws BadLine with the answer's error text.
     */
    static Node parseRequest(final char[] line, final int length) throws BadLine
    {
        final QueryJson p = new QueryJson(line, length);
        p.skipWhitespace();
        if (p.pos == length)
        {
            throw new BadLine("empty line");
        }
        checkDepth(line, length);
        final Node value = p.value();
        if (value.kind != OBJECT)
        {
            throw new BadLine("expected a JSON object, got " + value.kindName());
        }
        p.skipWhitespace();
        if (p.pos < length)
        {
            throw new BadLine("unexpected content after the JSON object at character " +
                Character.codePointCount(line, 0, p.pos));
        }
        if (p.duplicate != null)
        {
            throw new BadLine("duplicate key '" + p.duplicate + "'");
        }
        return value;
    }

    /**
     * The depth rule, on the raw characters (before any syntax check): outside strings (a string runs from a
     * {@code "} to the next {@code "} not escaped by a backslash), {@code [} and <code>{</code> open a level,
     * {@code ]} and <code>}</code> close one; reaching level {@value #MAX_DEPTH} + 1 is an error.
     */
    private static void checkDepth(final char[] s, final int length) throws BadLine
    {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < length; i++)
        {
            final char c = s[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '[' || c == '{')
            {
                if (++depth > MAX_DEPTH)
                {
                    throw new BadLine("JSON nested too deeply: more than " + MAX_DEPTH + " levels");
                }
            }
            else if (c == ']' || c == '}')
            {
                depth--;
            }
        }
    }

    private void skipWhitespace()
    {
        while (pos < end)
        {
            final char c = s[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            {
                return;
            }
            pos++;
        }
    }

    private Node value() throws BadLine
    {
        if (pos >= end)
        {
            throw INVALID;
        }
        final char c = s[pos];
        switch (c)
        {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return new Node(STRING, string(), null, null);
            case 't':
                literal("true");
                return new Node(TRUE, null, null, null);
            case 'f':
                literal("false");
                return new Node(FALSE, null, null, null);
            case 'n':
                literal("null");
                return new Node(NULL, null, null, null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return number();
                }
                throw INVALID;
        }
    }

    private void literal(final String word) throws BadLine
    {
        if (end - pos < word.length())
        {
            throw INVALID;
        }
        for (int i = 0; i < word.length(); i++)
        {
            if (s[pos + i] != word.charAt(i))
            {
                throw INVALID;
            }
        }
        pos += word.length();
    }

    private boolean digitAt(final int i)
    {
        return i < end && s[i] >= '0' && s[i] <= '9';
    }

    private Node number() throws BadLine
    {
        final int start = pos;
        int i = pos;
        if (s[i] == '-')
        {
            i++;
        }
        if (!digitAt(i))
        {
            throw INVALID;
        }
        if (s[i] == '0')
        {
            i++;
        }
        else
        {
            while (digitAt(i))
            {
                i++;
            }
        }
        if (i < end && s[i] == '.' && digitAt(i + 1))
        {
            i += 2;
            while (digitAt(i))
            {
                i++;
            }
        }
        if (i < end && (s[i] == 'e' || s[i] == 'E'))
        {
            int j = i + 1;
            if (j < end && (s[j] == '+' || s[j] == '-'))
            {
                j++;
            }
            if (digitAt(j))
            {
                i = j;
                while (digitAt(i))
                {
                    i++;
                }
            }
        }
        pos = i;
        return new Node(NUMBER, new String(s, start, i - start), null, null);
    }

    private String string() throws BadLine
    {
        pos++; // the opening quote
        final int start = pos;
        while (pos < end)
        {
            final char c = s[pos];
            if (c == '"')
            {
                return new String(s, start, pos++ - start);
            }
            if (c == '\\' || c < 0x20)
            {
                break;
            }
            pos++;
        }
        final StringBuilder b = new StringBuilder(pos - start + 16).append(s, start, pos - start);
        while (pos < end)
        {
            final char c = s[pos++];
            if (c == '"')
            {
                return b.toString();
            }
            if (c < 0x20)
            {
                throw INVALID;
            }
            if (c != '\\')
            {
                b.append(c);
                continue;
            }
            if (pos >= end)
            {
                throw INVALID;
            }
            final char e = s[pos++];
            switch (e)
            {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' ->
                {
                    if (end - pos < 4)
                    {
                        throw INVALID;
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        final int d = hexDigit(s[pos++]);
                        if (d < 0)
                        {
                            throw INVALID;
                        }
                        v = v << 4 | d;
                    }
                    b.append((char)v);
                }
                default -> throw INVALID;
            }
        }
        throw INVALID;
    }

    private static int hexDigit(final char c)
    {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private Node object() throws BadLine
    {
        pos++;
        final Map<String, Node> fields = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < end && s[pos] == '}')
        {
            pos++;
            return new Node(OBJECT, null, fields, null);
        }
        while (true)
        {
            if (pos >= end || s[pos] != '"')
            {
                throw INVALID;
            }
            final String key = string();
            skipWhitespace();
            if (pos >= end || s[pos] != ':')
            {
                throw INVALID;
            }
            pos++;
            skipWhitespace();
            if (fields.containsKey(key))
            {
                if (duplicate == null)
                {
                    duplicate = key;
                }
                value();
            }
            else
            {
                fields.put(key, value());
            }
            skipWhitespace();
            if (pos < end && s[pos] == ',')
            {
                pos++;
                skipWhitespace();
                continue;
            }
            if (pos < end && s[pos] == '}')
            {
                pos++;
                return new Node(OBJECT, null, fields, null);
            }
            throw INVALID;
        }
    }

    private Node array() throws BadLine
    {
        pos++;
        final List<Node> items = new ArrayList<>();
        skipWhitespace();
        if (pos < end && s[pos] == ']')
        {
            pos++;
            return new Node(ARRAY, null, null, items);
        }
        while (true)
        {
            items.add(value());
            skipWhitespace();
            if (pos < end && s[pos] == ',')
            {
                pos++;
                skipWhitespace();
                continue;
            }
            if (pos < end && s[pos] == ']')
            {
                pos++;
                return new Node(ARRAY, null, null, items);
            }
            throw INVALID;
        }
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Appends {@code text} as a JSON string: {@code "} and {@code \} escaped, the control characters as
     * {@code \b \f \n \r \t} or {@code \}{@code u00xx} (lower-case hex), a lone surrogate as {@code \}{@code udxxx};
     * every other character as itself (non-ASCII is not escaped).
     */
    static void quote(final StringBuilder b, final String text)
    {
        b.append('"');
        final int n = text.length();
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c))
            {
                b.append(c);
                continue;
            }
            switch (c)
            {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default ->
                {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
                    {
                        b.append(c).append(text.charAt(++i));
                    }
                    else
                    {
                        hex4(b.append("\\u"), c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void hex4(final StringBuilder b, final char c)
    {
        final String digits = "0123456789abcdef";
        b.append(digits.charAt(c >> 12 & 15)).append(digits.charAt(c >> 8 & 15))
            .append(digits.charAt(c >> 4 & 15)).append(digits.charAt(c & 15));
    }

    /**
     * Writes one answer object, compact: <code>{"key":value,...}</code>; numbers as {@link Double#toString} or
     * {@link Long#toString} write them, NaN (upstream's None) as {@code null}, infinities as the strings
     * {@code "Infinity"}, {@code "-Infinity"}.
     */
    static final class Answer
    {
        final StringBuilder b = new StringBuilder(256);
        private boolean needComma;

        Answer reset()
        {
            b.setLength(0);
            needComma = false;
            return this;
        }

        Answer start()
        {
            comma();
            b.append('{');
            needComma = false;
            return this;
        }

        Answer end()
        {
            b.append('}');
            needComma = true;
            return this;
        }

        Answer startArray()
        {
            comma();
            b.append('[');
            needComma = false;
            return this;
        }

        Answer endArray()
        {
            b.append(']');
            needComma = true;
            return this;
        }

        Answer key(final String name)
        {
            comma();
            quote(b, name);
            b.append(':');
            needComma = false;
            return this;
        }

        Answer value(final String text)
        {
            comma();
            quote(b, text);
            needComma = true;
            return this;
        }

        Answer value(final long v)
        {
            comma();
            b.append(v);
            needComma = true;
            return this;
        }

        /** A double; NaN stands for upstream's None. */
        Answer value(final double v)
        {
            comma();
            if (v != v)
            {
                b.append("null");
            }
            else if (Double.isInfinite(v))
            {
                b.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
            }
            else
            {
                b.append(v);
            }
            needComma = true;
            return this;
        }

        /** A field whose NaN stands for upstream's None: written as {@code null}. */
        Answer field(final String name, final double v)
        {
            return key(name).value(v);
        }

        /** A field where NaN is a value: written as the string {@code "NaN"}. */
        Answer number(final String name, final double v)
        {
            if (v != v)
            {
                return key(name).value("NaN");
            }
            return key(name).value(v);
        }

        Answer field(final String name, final long v)
        {
            return key(name).value(v);
        }

        Answer field(final String name, final String v)
        {
            return key(name).value(v);
        }

        /** The whole answer <code>{"error":"message"}</code>. */
        Answer error(final String message)
        {
            return reset().start().field("error", message).end();
        }

        private void comma()
        {
            if (needComma)
            {
                b.append(',');
            }
        }
    }
}
