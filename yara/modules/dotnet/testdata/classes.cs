using System;
using System.Collections.Generic;

namespace Demo.Shapes {
  public interface IShape { double Area(); string Name { get; } }
  public interface IPair<K, V> { K Key(); V Value(); }
  public abstract class Shape : IShape {
    public abstract double Area();
    public virtual string Name { get { return "shape"; } }
    protected internal static int Count;
    protected void Touch() {}
    private protected void Hidden() {}
  }
  public sealed class Circle : Shape, IComparable<Circle> {
    double r;
    public Circle(double r) { this.r = r; }
    public override double Area() { return 3.14 * r * r; }
    public sealed override string Name { get { return "circle"; } }
    public int CompareTo(Circle other) { return 0; }
    internal static Circle Unit() { return new Circle(1); }
  }
  public class Pair<K, V> : IPair<K, V> where K : IComparable<K> {
    K k; V v;
    public K Key() { return k; }
    public V Value() { return v; }
    public Dictionary<K, List<V>> Group(IEnumerable<KeyValuePair<K, V>> items) { return null; }
    public T Convert<T, U>(T a, U b, K c) { return a; }
    public class Node { public Pair<K, V> Owner; public Node Next(Node n, K key) { return n; } }
  }
  public static class Util {
    public static unsafe int* Ptr(int* p, byte** pp, void* v) { return p; }
    public static void Refs(ref int a, out string b, in long c) { b = null; }
    public static int[,] Grid(int[][] jagged, object[,,] cube, char[] cs) { return null; }
    public static void Prims(bool a, char b, sbyte c, byte d, short e, ushort f, int g, uint h,
      long i, ulong j, float k, double l, string m, object n, IntPtr o, UIntPtr p, decimal q) {}
    public static void Many(params string[] rest) {}
    public static int? Maybe(int? x, DateTime? d) { return x; }
    public static void Vararg(int n, __arglist) {}
    static void Private() {}
    public static List<T> Make<T>(T x) where T : class { return null; }
  }
  internal struct Point { public int X, Y; public override string ToString() { return ""; } }
  enum Color { Red, Green }
  delegate int Callback(string s, int n);
  class Outer { protected class Mid { private class Inner { } } internal protected class Other {} private protected class PP {} }
}
class Global { static void Main() {} }
