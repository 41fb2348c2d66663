/* Mandelbrot set: floating-point loops. Prints a checksum of the escape counts.
   Usage: mandelbrot [size] (default 600). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int size = argc > 1 ? atoi(argv[1]) : 600;
    unsigned long long sum = 0;
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            double cr = 2.5 * x / size - 2.0, ci = 2.0 * y / size - 1.0;
            double zr = 0, zi = 0;
            int i = 0;
            while (i < 200 && zr * zr + zi * zi < 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                i++;
            }
            sum = sum * 31 + (unsigned) i;
        }
    }
    printf("mandelbrot(%d) checksum %llu\n", size, sum);
    return 0;
}
