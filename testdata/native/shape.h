double	shape_area(int n);
