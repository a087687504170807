using System;
using System.Reflection;
using System.Runtime.InteropServices;
[assembly: AssemblyVersion("1.2.3.4")]
[assembly: AssemblyCulture("")]
[assembly: Guid("12345678-1234-1234-1234-123456789abc")]
namespace Demo {
  public class Program {
    const string K = "constant";
    static readonly int[] table = { 1, 2, 3, 4, 5, 6, 7, 8 };
    [DllImport("kernel32")] static extern int GetTickCount();
    public static int Main(string[] args) { Console.WriteLine("hello world"); return table[0]; }
  }
  internal sealed class Gen<T, U> { public T x = default(T); }
}
